package io.apiguard.discovery.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.discovery.DiscoveryConfig;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.apiguard.discovery.spec.ApiSpecRepository;
import io.apiguard.support.leader.Leadership;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The inventory's front door: applies declarations, calls and sweeps to the {@link Inventory}, then writes what
 * changed to the table (and the specs' documents to theirs) and announces it on {@code apiguard.inventory}, in that order, so an event never describes a
 * row that is not stored.
 *
 * <p>Every replica keeps its inventory current (its informers and its own view of the calls feed it), but only the
 * leader ({@link Leadership}) writes and announces: a follower is a warm standby whose changes stay in memory until it
 * takes over ({@link #announceAll()}).
 */
@ApplicationScoped
public class InventoryService {

    /**
     * Loads after the messaging channels are wired (they start at {@code LIBRARY_BEFORE}) and before the sources
     * start, which need the persisted inventory to reconcile against and the channel to announce the result.
     */
    public static final int LOAD_PRIORITY = jakarta.interceptor.Interceptor.Priority.APPLICATION;

    private static final Logger LOGGER = Logger.getLogger(InventoryService.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);

    private volatile Inventory inventory;
    private final ApiEndpointRepository repository;
    private final ApiSpecRepository specs;
    private final InventoryEventProducer producer;
    private final DiscoveryConfig config;
    private final Leadership leadership;
    private final Clock clock = Clock.systemUTC();

    InventoryService(
            ApiEndpointRepository repository,
            ApiSpecRepository specs,
            InventoryEventProducer producer,
            DiscoveryConfig config,
            Leadership leadership) {
        this.inventory = new Inventory(config.maxOperationsPerApi(), config.maxShadowApis());
        this.repository = repository;
        this.specs = specs;
        this.producer = producer;
        this.config = config;
        this.leadership = leadership;
    }

    void load(@Observes @Priority(LOAD_PRIORITY) StartupEvent event) throws Throwable {
        reload();
    }

    /** Replaces the in-memory inventory with what the table holds, as at start. */
    public void reload() throws Throwable {
        List<ApiEndpoint> persisted = VertxContextSupport.subscribeAndAwait(repository::loadAll);
        Inventory loaded = new Inventory(config.maxOperationsPerApi(), config.maxShadowApis());
        loaded.load(persisted);
        inventory = loaded;
        LOGGER.infof("Loaded %d inventoried APIs", persisted.size());
    }

    /** What one Ingress declares now (nothing, when it was deleted). */
    public Uni<Inventory.Changes> declare(String ingress, List<DeclaredRoute> routes) {
        Instant now = clock.instant();
        return apply(inventory.declare(ingress, routes, now), now);
    }

    /** Reconciles with a complete listing of the cluster's (or the manifests') Ingresses. */
    public Uni<Inventory.Changes> resync(Map<String, List<DeclaredRoute>> routesByIngress) {
        Instant now = clock.instant();
        return apply(inventory.resync(routesByIngress, now), now);
    }

    /** One observed call. */
    public Uni<Inventory.Changes> observe(String host, String method, String path, Instant at) {
        return apply(inventory.observe(host, method, path, at), clock.instant());
    }

    /** Every API as the inventory holds it now. */
    public List<ApiEndpoint> all() {
        return inventory.all();
    }

    /** Figures for the status document. */
    public Inventory.Figures figures() {
        return inventory.figures();
    }

    @Scheduled(
            every = "${apiguard.discovery.zombie-sweep-interval:1m}",
            delayed = "${apiguard.discovery.zombie-sweep-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepZombies() {
        Instant now = clock.instant();
        return apply(inventory.sweepZombies(now, config.zombieAfter()), now).replaceWithVoid();
    }

    /**
     * Persists counter updates (call counts, last seen) that were not worth an announcement on their own. Leader only:
     * a follower keeps its counters dirty, and writes them when it takes over.
     */
    @Scheduled(
            every = "${apiguard.discovery.flush-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flushCounters() {
        if (!leadership.isLeader()) {
            return Uni.createFrom().voidItem();
        }
        Inventory.Changes dirty = inventory.drainDirty();
        return repository.upsertAll(dirty.upserted(), dirty.sequence(), clock.instant());
    }

    /**
     * A new leader's first step: adopts the stored APIs this replica does not know (the previous leader stored them
     * from calls or listings this replica did not see), so the reconciliation that follows removes those whose
     * Ingress is gone. Completes with the number adopted; announces nothing.
     */
    public Uni<Integer> adoptStored() {
        return repository.loadAll().map(persisted -> {
            int adopted = inventory.adopt(persisted);
            if (adopted > 0) {
                LOGGER.infof("Adopted %d stored APIs this replica had not seen", adopted);
            }
            return adopted;
        });
    }

    /**
     * A new leader's last step, after it reconciled: writes and announces every API as it is now, so nothing is lost
     * that the previous leader changed but did not announce (it died between the write and the send), nor what this
     * replica saw only while it followed. The topic is compacted and its consumers upsert, so announcing an unchanged
     * API again is harmless. Completes with the number of APIs announced: none when this replica no longer leads.
     */
    public Uni<Integer> announceAll() {
        Inventory.Changes all = inventory.snapshot();
        return apply(all, clock.instant())
                .map(applied -> leadership.isLeader() ? applied.upserted().size() : 0);
    }

    private Uni<Inventory.Changes> apply(Inventory.Changes changes, Instant now) {
        if (changes.isEmpty() || !leadership.isLeader()) {
            // A follower's changes stay in memory: the leader writes and announces the same ones from its own view.
            return Uni.createFrom().item(changes);
        }
        return repository
                .upsertAll(changes.upserted(), changes.sequence(), now)
                .chain(() -> repository.deleteAll(
                        changes.removed().stream().map(ApiEndpoint::id).toList()))
                // After the rows: a document belongs to a stored API.
                .chain(() -> specs.saveAll(changes.documents(), now))
                .chain(() -> producer.publish(changes, now))
                .replaceWith(changes);
    }
}
