package io.apiguard.discovery.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.discovery.DiscoveryConfig;
import io.apiguard.discovery.gateway.Gateways;
import io.apiguard.discovery.gateway.HttpRouteTranslator;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.apiguard.discovery.ingress.IngressTranslator;
import io.apiguard.discovery.inventory.InventoryService;
import io.apiguard.discovery.spec.ApiSpecs;
import io.apiguard.discovery.spec.ClusterObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Watches the cluster's Ingresses, Gateway API HTTPRoutes and the Gateways they attach to (when the cluster serves the
 * Gateway API, see {@link DiscoveryConfig.GatewayApi}), Services, and the ConfigMaps labelled to hold OpenAPI
 * documents, with Fabric8 informers (list + watch only, all namespaces or the configured ones). Until the informers
 * have synced, events are left to the full resync that follows the sync; after it, each Ingress or HTTPRoute change is
 * translated and applied on its own, a Gateway change re-applies the HTTPRoutes (its listeners decide their hosts, TLS
 * and exposure), a Service change re-applies the declarations of its namespace that route to it (a named port or its
 * spec annotation may have changed), and a labelled ConfigMap change re-applies the declarations of its namespace (a
 * spec may have changed).
 */
@ApplicationScoped
public class IngressWatcher {

    private static final Logger LOGGER = Logger.getLogger(IngressWatcher.class);

    private final KubernetesClient client;
    private final InventoryService inventory;
    private final DiscoveryConfig config;
    private final IngressTranslator translator;
    private final ApiSpecs specs;
    private final ClusterObjects cached = new CachedObjects();
    private final List<SharedIndexInformer<Ingress>> ingressInformers = new ArrayList<>();
    private final List<SharedIndexInformer<Service>> serviceInformers = new ArrayList<>();
    private final List<SharedIndexInformer<ConfigMap>> configMapInformers = new ArrayList<>();
    private final List<SharedIndexInformer<HTTPRoute>> httpRouteInformers = new ArrayList<>();
    private final List<SharedIndexInformer<Gateway>> gatewayInformers = new ArrayList<>();
    private final HttpRouteTranslator httpRoutes;
    private final Gateways cachedGateways = this::gateway;
    private volatile boolean synced;

    IngressWatcher(KubernetesClient client, InventoryService inventory, DiscoveryConfig config, ApiSpecs specs) {
        this.client = client;
        this.inventory = inventory;
        this.config = config;
        this.specs = specs;
        this.translator = new IngressTranslator(config.internalIngressClasses().orElse(Set.of()));
        this.httpRoutes =
                new HttpRouteTranslator(config.gatewayApi().internalClasses().orElse(Set.of()));
    }

    /** Whether to watch Gateway API routes: as configured, else when the cluster serves the group's v1. */
    private boolean gatewayApi() {
        Optional<Boolean> configured = config.gatewayApi().enabled();
        if (configured.isPresent()) {
            return configured.get();
        }
        try {
            return client.supports(HTTPRoute.class) && client.supports(Gateway.class);
        } catch (KubernetesClientException e) {
            LOGGER.warnf(
                    "Could not ask the cluster whether it serves the Gateway API (%s); HTTPRoutes are not watched",
                    e.getMessage());
            return false;
        }
    }

    /** Starts the informers, waits for their first listing, and reconciles the inventory with it. */
    public void start(Duration syncTimeout) {
        long started = System.nanoTime();
        stop();
        long resync = config.informerResync().toMillis();
        List<String> namespaces = config.namespaces().orElse(List.of());
        ResourceEventHandler<Ingress> onIngress = new IngressHandler();
        ResourceEventHandler<Service> onService = new ServiceHandler();
        ResourceEventHandler<ConfigMap> onConfigMap = new ConfigMapHandler();
        ResourceEventHandler<HTTPRoute> onHttpRoute = new HttpRouteHandler();
        ResourceEventHandler<Gateway> onGateway = new GatewayHandler();
        boolean gatewayApi = gatewayApi();
        String specLabel = config.specs().configMapLabel();
        if (namespaces.isEmpty()) {
            var ingresses = client.network().v1().ingresses().inAnyNamespace();
            ingressInformers.add((config.labelSelector().isPresent()
                            ? ingresses.withLabelSelector(config.labelSelector().get())
                            : ingresses)
                    .runnableInformer(resync));
            serviceInformers.add(client.services().inAnyNamespace().runnableInformer(resync));
            configMapInformers.add(
                    client.configMaps().inAnyNamespace().withLabel(specLabel).runnableInformer(resync));
            if (gatewayApi) {
                var routes = client.resources(HTTPRoute.class).inAnyNamespace();
                httpRouteInformers.add((config.labelSelector().isPresent()
                                ? routes.withLabelSelector(
                                        config.labelSelector().get())
                                : routes)
                        .runnableInformer(resync));
                // every Gateway: a route in a watched namespace may attach to one anywhere
                gatewayInformers.add(
                        client.resources(Gateway.class).inAnyNamespace().runnableInformer(resync));
            }
        } else {
            for (String namespace : namespaces) {
                var ingresses = client.network().v1().ingresses().inNamespace(namespace);
                ingressInformers.add((config.labelSelector().isPresent()
                                ? ingresses.withLabelSelector(
                                        config.labelSelector().get())
                                : ingresses)
                        .runnableInformer(resync));
                serviceInformers.add(client.services().inNamespace(namespace).runnableInformer(resync));
                configMapInformers.add(client.configMaps()
                        .inNamespace(namespace)
                        .withLabel(specLabel)
                        .runnableInformer(resync));
                if (gatewayApi) {
                    var routes = client.resources(HTTPRoute.class).inNamespace(namespace);
                    httpRouteInformers.add((config.labelSelector().isPresent()
                                    ? routes.withLabelSelector(
                                            config.labelSelector().get())
                                    : routes)
                            .runnableInformer(resync));
                    // the watched namespaces' Gateways: a Role reaches no further
                    gatewayInformers.add(client.resources(Gateway.class)
                            .inNamespace(namespace)
                            .runnableInformer(resync));
                }
            }
        }
        ingressInformers.forEach(informer -> informer.addEventHandler(onIngress));
        serviceInformers.forEach(informer -> informer.addEventHandler(onService));
        configMapInformers.forEach(informer -> informer.addEventHandler(onConfigMap));
        httpRouteInformers.forEach(informer -> informer.addEventHandler(onHttpRoute));
        gatewayInformers.forEach(informer -> informer.addEventHandler(onGateway));
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        for (SharedIndexInformer<?> informer : allInformers()) {
            try {
                informer.start()
                        .toCompletableFuture()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "the Ingress/HTTPRoute/Gateway/Service/ConfigMap informers did not sync within " + syncTimeout,
                        e);
            }
        }
        long listed = System.nanoTime();
        // From here on, events are applied one by one; the resync covers everything listed before.
        synced = true;
        int declarations = resync();
        LOGGER.infof(
                "Watching Ingresses%s in %s: synced %d declarations in %d ms (listing %d ms, inventory %d ms)",
                gatewayApi ? " and HTTPRoutes" : " (no Gateway API served)",
                namespaces.isEmpty() ? "all namespaces" : namespaces,
                declarations,
                (System.nanoTime() - started) / 1_000_000,
                (listed - started) / 1_000_000,
                (System.nanoTime() - listed) / 1_000_000);
    }

    /** Reconciles the inventory with every Ingress and HTTPRoute in the informers' cache; returns how many. */
    public int resync() {
        Map<String, List<DeclaredRoute>> all = new LinkedHashMap<>();
        for (SharedIndexInformer<Ingress> informer : ingressInformers) {
            for (Ingress ingress : informer.getStore().list()) {
                all.put(key(ingress), routes(ingress));
            }
        }
        for (SharedIndexInformer<HTTPRoute> informer : httpRouteInformers) {
            for (HTTPRoute route : informer.getStore().list()) {
                all.put(HttpRouteTranslator.key(route), routes(route));
            }
        }
        inventory.resync(all).await().atMost(Duration.ofMinutes(2));
        return all.size();
    }

    /** True once the first listing of every informer is in and applied. */
    public boolean isSynced() {
        return synced && allInformers().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Stops every informer; {@link #start} may be called again afterwards. */
    public void stop() {
        synced = false;
        allInformers().forEach(SharedIndexInformer::stop);
        ingressInformers.clear();
        serviceInformers.clear();
        configMapInformers.clear();
        httpRouteInformers.clear();
        gatewayInformers.clear();
    }

    private List<SharedIndexInformer<?>> allInformers() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(ingressInformers);
        all.addAll(serviceInformers);
        all.addAll(configMapInformers);
        all.addAll(httpRouteInformers);
        all.addAll(gatewayInformers);
        return all;
    }

    /** What {@code ingress} declares, each route with the spec its annotations name. */
    private List<DeclaredRoute> routes(Ingress ingress) {
        return specs.attach(ingress, translator.translate(ingress, this::resolvePort), cached);
    }

    /** What {@code route} declares, each route with the spec its annotations name. */
    private List<DeclaredRoute> routes(HTTPRoute route) {
        return specs.attach(route, httpRoutes.translate(route, cachedGateways), cached);
    }

    /** Re-applies every Ingress of {@code namespace} that {@code concerns} selects. */
    private void reapply(String namespace, Predicate<Ingress> concerns) {
        for (SharedIndexInformer<Ingress> informer : ingressInformers) {
            for (Ingress ingress : informer.getStore().list()) {
                if (namespace.equals(ingress.getMetadata().getNamespace()) && concerns.test(ingress)) {
                    apply(key(ingress), routes(ingress));
                }
            }
        }
    }

    /** Re-applies every HTTPRoute that {@code concerns} selects. */
    private void reapplyHttpRoutes(Predicate<HTTPRoute> concerns) {
        for (SharedIndexInformer<HTTPRoute> informer : httpRouteInformers) {
            for (HTTPRoute route : informer.getStore().list()) {
                if (concerns.test(route)) {
                    apply(HttpRouteTranslator.key(route), routes(route));
                }
            }
        }
    }

    private static boolean inNamespace(HTTPRoute route, String namespace) {
        return namespace.equals(route.getMetadata().getNamespace());
    }

    private static boolean routesTo(HTTPRoute route, String service) {
        return route.getSpec() != null
                && route.getSpec().getRules() != null
                && route.getSpec().getRules().stream()
                        .filter(rule -> rule.getBackendRefs() != null)
                        .flatMap(rule -> rule.getBackendRefs().stream())
                        .anyMatch(ref -> service.equals(ref.getName()));
    }

    private Gateway gateway(String namespace, String name) {
        for (SharedIndexInformer<Gateway> informer : gatewayInformers) {
            Gateway found = informer.getStore().getByKey(namespace + "/" + name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private OptionalInt resolvePort(String namespace, String service, String portName) {
        for (SharedIndexInformer<Service> informer : serviceInformers) {
            Service found = informer.getStore().getByKey(namespace + "/" + service);
            if (found != null && found.getSpec() != null && found.getSpec().getPorts() != null) {
                for (ServicePort port : found.getSpec().getPorts()) {
                    if (portName.equals(port.getName()) && port.getPort() != null) {
                        return OptionalInt.of(port.getPort());
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    private void apply(String key, List<DeclaredRoute> routes) {
        inventory
                .declare(key, routes)
                .subscribe()
                .with(
                        changes -> LOGGER.debugf(
                                "Ingress %s: %d upserted, %d removed",
                                key,
                                changes.upserted().size(),
                                changes.removed().size()),
                        failure -> LOGGER.warnf("Ingress %s could not be applied: %s", key, failure.getMessage()));
    }

    /** The {@code namespace/name} key of an Ingress. */
    public static String key(Ingress ingress) {
        return Objects.requireNonNullElse(ingress.getMetadata().getNamespace(), "default") + "/"
                + ingress.getMetadata().getName();
    }

    private static boolean routesTo(Ingress ingress, String service) {
        if (ingress.getSpec() == null) {
            return false;
        }
        List<IngressBackend> backends = new ArrayList<>();
        backends.add(ingress.getSpec().getDefaultBackend());
        for (IngressRule rule : Objects.requireNonNullElse(ingress.getSpec().getRules(), List.<IngressRule>of())) {
            if (rule.getHttp() != null && rule.getHttp().getPaths() != null) {
                rule.getHttp().getPaths().stream()
                        .map(HTTPIngressPath::getBackend)
                        .forEach(backends::add);
            }
        }
        return backends.stream()
                .anyMatch(backend -> backend != null
                        && backend.getService() != null
                        && service.equals(backend.getService().getName()));
    }

    private final class IngressHandler implements ResourceEventHandler<Ingress> {

        @Override
        public void onAdd(Ingress ingress) {
            if (synced) {
                apply(key(ingress), routes(ingress));
            }
        }

        @Override
        public void onUpdate(Ingress before, Ingress after) {
            onAdd(after);
        }

        @Override
        public void onDelete(Ingress ingress, boolean deletedFinalStateUnknown) {
            if (synced) {
                apply(key(ingress), List.of());
            }
        }
    }

    private final class ServiceHandler implements ResourceEventHandler<Service> {

        @Override
        public void onAdd(Service service) {
            if (!synced) {
                return;
            }
            String name = service.getMetadata().getName();
            String namespace = service.getMetadata().getNamespace();
            reapply(namespace, ingress -> routesTo(ingress, name));
            reapplyHttpRoutes(route -> inNamespace(route, namespace) && routesTo(route, name));
        }

        @Override
        public void onUpdate(Service before, Service after) {
            onAdd(after);
        }

        @Override
        public void onDelete(Service service, boolean deletedFinalStateUnknown) {
            onAdd(service);
        }
    }

    /** A labelled ConfigMap changed: any Ingress of its namespace (or a Service behind one) may name it. */
    private final class ConfigMapHandler implements ResourceEventHandler<ConfigMap> {

        @Override
        public void onAdd(ConfigMap configMap) {
            if (synced) {
                String namespace = configMap.getMetadata().getNamespace();
                reapply(namespace, ingress -> true);
                reapplyHttpRoutes(route -> inNamespace(route, namespace));
            }
        }

        @Override
        public void onUpdate(ConfigMap before, ConfigMap after) {
            if (!Objects.equals(before.getData(), after.getData())) {
                onAdd(after);
            }
        }

        @Override
        public void onDelete(ConfigMap configMap, boolean deletedFinalStateUnknown) {
            onAdd(configMap);
        }
    }

    private final class HttpRouteHandler implements ResourceEventHandler<HTTPRoute> {

        @Override
        public void onAdd(HTTPRoute route) {
            if (synced) {
                apply(HttpRouteTranslator.key(route), routes(route));
            }
        }

        @Override
        public void onUpdate(HTTPRoute before, HTTPRoute after) {
            onAdd(after);
        }

        @Override
        public void onDelete(HTTPRoute route, boolean deletedFinalStateUnknown) {
            if (synced) {
                apply(HttpRouteTranslator.key(route), List.of());
            }
        }
    }

    /** A Gateway changed: its listeners decide the hosts, TLS and exposure of the routes attached to it. */
    private final class GatewayHandler implements ResourceEventHandler<Gateway> {

        @Override
        public void onAdd(Gateway gateway) {
            if (synced) {
                reapplyHttpRoutes(route -> true);
            }
        }

        @Override
        public void onUpdate(Gateway before, Gateway after) {
            if (!Objects.equals(before.getSpec(), after.getSpec())) {
                onAdd(after);
            }
        }

        @Override
        public void onDelete(Gateway gateway, boolean deletedFinalStateUnknown) {
            onAdd(gateway);
        }
    }

    /** The Services and labelled ConfigMaps in the informers' caches. */
    private final class CachedObjects implements ClusterObjects {

        @Override
        public Service service(String namespace, String name) {
            return find(serviceInformers, namespace, name);
        }

        @Override
        public ConfigMap configMap(String namespace, String name) {
            return find(configMapInformers, namespace, name);
        }

        private <T> T find(List<SharedIndexInformer<T>> informers, String namespace, String name) {
            for (SharedIndexInformer<T> informer : informers) {
                T found = informer.getStore().getByKey(namespace + "/" + name);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
    }
}
