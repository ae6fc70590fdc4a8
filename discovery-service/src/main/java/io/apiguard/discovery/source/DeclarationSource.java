package io.apiguard.discovery.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.apiguard.discovery.DiscoveryConfig;
import io.apiguard.discovery.DiscoveryConfig.SourceKind;
import io.apiguard.discovery.cluster.IngressWatcher;
import io.apiguard.discovery.gateway.HttpRouteTranslator;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.apiguard.discovery.ingress.IngressTranslator;
import io.apiguard.discovery.ingress.ServicePorts;
import io.apiguard.discovery.inventory.InventoryService;
import io.apiguard.discovery.offline.ManifestReader;
import io.apiguard.discovery.spec.ApiSpecs;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the source of declarations once the persisted inventory is loaded: the cluster when configured or, with
 * {@code auto}, when it answers; else the manifest files. Either way the inventory is reconciled with a complete
 * listing first, so Ingresses deleted while discovery was down are removed and announced.
 */
@ApplicationScoped
public class DeclarationSource {

    private static final Logger LOGGER = Logger.getLogger(DeclarationSource.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final IngressWatcher watcher;
    private final InventoryService inventory;
    private final DiscoveryConfig config;
    private final ApiSpecs specs;
    private volatile SourceKind active;
    private volatile boolean ready;
    private volatile ManifestReader.Result offlineResult;

    DeclarationSource(
            KubernetesClient client,
            IngressWatcher watcher,
            InventoryService inventory,
            DiscoveryConfig config,
            ApiSpecs specs) {
        this.client = client;
        this.specs = specs;
        this.watcher = watcher;
        this.inventory = inventory;
        this.config = config;
    }

    void start(@Observes @Priority(InventoryService.LOAD_PRIORITY + 10) StartupEvent event) {
        start();
    }

    /**
     * What a restart does, without restarting the process: stop the source, reload the inventory from the table,
     * start the source again (which reconciles with a complete listing).
     */
    public void restart() throws Throwable {
        ready = false;
        if (active == SourceKind.CLUSTER) {
            watcher.stop();
        }
        inventory.reload();
        start();
    }

    private void start() {
        SourceKind kind = config.source();
        if (kind == SourceKind.AUTO) {
            kind = clusterAnswers() ? SourceKind.CLUSTER : SourceKind.OFFLINE;
        }
        active = kind;
        if (kind == SourceKind.CLUSTER) {
            watcher.start(SYNC_TIMEOUT);
        } else {
            readManifests();
        }
        ready = true;
    }

    void stop(@Observes ShutdownEvent event) {
        if (active == SourceKind.CLUSTER) {
            watcher.stop();
        }
    }

    /** Re-reads the manifest files (offline source) and reconciles the inventory with them. */
    public ManifestReader.Result readManifests() {
        List<Path> paths =
                config.offlinePaths().orElse(List.of()).stream().map(Path::of).toList();
        ManifestReader.Result result = new ManifestReader(client).read(paths);
        result.problems().forEach(problem -> LOGGER.warnf("Manifest %s skipped: %s", problem.file(), problem.reason()));
        IngressTranslator translator =
                new IngressTranslator(config.internalIngressClasses().orElse(Set.of()));
        Map<String, List<DeclaredRoute>> routes = new LinkedHashMap<>();
        for (Ingress ingress : result.ingresses()) {
            routes.put(
                    IngressWatcher.key(ingress),
                    specs.attach(ingress, translator.translate(ingress, ServicePorts.NONE), result.objects()));
        }
        HttpRouteTranslator httpRoutes =
                new HttpRouteTranslator(config.gatewayApi().internalClasses().orElse(Set.of()));
        for (HTTPRoute route : result.httpRoutes()) {
            routes.put(
                    HttpRouteTranslator.key(route),
                    specs.attach(route, httpRoutes.translate(route, result.gatewayLookup()), result.objects()));
        }
        inventory.resync(routes).await().atMost(SYNC_TIMEOUT);
        offlineResult = result;
        LOGGER.infof(
                "Read %d Ingresses and %d HTTPRoutes from %d manifest files (%d skipped)",
                result.ingresses().size(),
                result.httpRoutes().size(),
                result.files().size(),
                result.problems().size());
        return result;
    }

    /**
     * Reconciles the inventory with a complete listing of the source in use (the informers' cache, or the manifest
     * files read again), as a new leader does before it announces the whole inventory. Nothing before start.
     */
    public void reconcile() {
        if (!ready) {
            return;
        }
        if (active == SourceKind.CLUSTER) {
            watcher.resync();
        } else {
            readManifests();
        }
    }

    /** The source in use, or null before start. */
    public SourceKind active() {
        return active;
    }

    /** True once the first complete listing is applied (and, for the cluster, the informers are synced). */
    public boolean isSynced() {
        return ready && (active != SourceKind.CLUSTER || watcher.isSynced());
    }

    /** What the last manifest read found, or null when the source is the cluster. */
    public ManifestReader.Result offlineResult() {
        return offlineResult;
    }

    private boolean clusterAnswers() {
        try {
            CompletableFuture.supplyAsync(() -> client.network()
                            .v1()
                            .ingresses()
                            .inAnyNamespace()
                            .list(new ListOptionsBuilder().withLimit(1L).build()))
                    .get(config.clusterProbeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            LOGGER.infof(
                    "No cluster reachable at %s (%s): reading Ingress manifests instead",
                    client.getMasterUrl(), e.getClass().getSimpleName());
            return false;
        }
    }
}
