package io.apiguard.posture.evaluation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.findings.Finding;
import io.apiguard.posture.findings.FindingEventProducer;
import io.apiguard.posture.findings.FindingRepository;
import io.apiguard.posture.findings.Suppression;
import io.apiguard.posture.inventory.ApiRepository;
import io.apiguard.posture.rules.RuleCatalogue;
import io.apiguard.posture.rules.RuleThresholds;
import io.apiguard.posture.traffic.TrafficService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Runs the posture: loads the persisted state at start, evaluates an API on every inventory event and every API on a
 * schedule, stores each finding change and publishes it on {@code apiguard.findings}, and carries out operators'
 * acknowledgements and suppressions. The state itself lives in {@link Posture}.
 */
@ApplicationScoped
public class PostureService {

    private static final Logger LOGGER = Logger.getLogger(PostureService.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final Posture posture;
    private final ApiRepository apis;
    private final FindingRepository findings;
    private final FindingEventProducer producer;
    private final TrafficService traffic;
    private final PostureConfig config;
    private final Clock clock = Clock.systemUTC();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile Instant lastFullEvaluation;

    PostureService(ApiRepository apis, FindingRepository findings, FindingEventProducer producer,
            TrafficService traffic, PostureConfig config) {
        this.apis = apis;
        this.findings = findings;
        this.producer = producer;
        this.traffic = traffic;
        this.config = config;
        this.posture = new Posture(RuleCatalogue.rules(), RuleThresholds.of(config.traffic()), traffic::stats);
    }

    /** Loads the persisted inventory, findings, suppressions and counters, then evaluates everything once. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 10) StartupEvent event) {
        try {
            ApiRepository.Loaded inventory = apis.loadAll().await().atMost(STARTUP_TIMEOUT);
            List<Finding> persisted = findings.loadAll().await().atMost(STARTUP_TIMEOUT);
            List<Suppression> suppressions = findings.loadSuppressions().await().atMost(STARTUP_TIMEOUT);
            traffic.load().await().atMost(STARTUP_TIMEOUT);
            posture.load(inventory.endpoints(), inventory.evaluatedAt(), persisted, suppressions);
            loaded.complete(null);
            LOGGER.infof("loaded %d APIs, %d findings and %d suppressions", inventory.endpoints().size(),
                    persisted.size(), suppressions.size());
            evaluateAll().await().atMost(STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            loaded.completeExceptionally(e);
            throw e;
        }
    }

    /** Writes what the last flush has not written yet. */
    void onStop(@Observes ShutdownEvent event) {
        try {
            flush().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOGGER.warnf("final flush failed: %s", e.getMessage());
        }
    }

    /** Completes once the persisted state is loaded; consumers wait for it. */
    public CompletionStage<Void> loaded() {
        return loaded;
    }

    /** Applies one inventory change: stores the API and evaluates it (and its other versions) at once. */
    public Uni<Void> apply(InventoryChange change) {
        return Uni.createFrom().completionStage(loaded).chain(() -> {
            Instant now = clock.instant();
            ApiEndpoint endpoint = change.endpoint();
            if (change.changeKind() == ChangeKind.REMOVED) {
                List<Finding> changed = posture.remove(endpoint.id(), now);
                return apis.delete(endpoint.id())
                        .chain(() -> traffic.forget(endpoint.id()))
                        .chain(() -> store(changed));
            }
            List<Finding> changed = posture.upsert(endpoint, now);
            return apis.upsert(endpoint, now).chain(() -> store(changed));
        });
    }

    /** Evaluates every API, on the schedule. */
    @Scheduled(every = "${apiguard.posture.evaluation-interval:5m}", delayed = "${apiguard.posture.evaluation-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledEvaluation() {
        if (loaded.isDone()) {
            evaluateAll().await().atMost(STARTUP_TIMEOUT);
        }
    }

    /** Evaluates every API now and stores and publishes what changed. */
    public Uni<Void> evaluateAll() {
        Instant now = clock.instant();
        List<Finding> changed = posture.evaluateAll(now);
        lastFullEvaluation = now;
        return store(changed);
    }

    /** Writes confirmations of unchanged findings, evaluation times and traffic counters. */
    @Scheduled(every = "${apiguard.posture.flush-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        if (loaded.isDone()) {
            flush().await().atMost(STARTUP_TIMEOUT);
        }
    }

    /** See {@link #scheduledFlush()}. */
    public Uni<Void> flush() {
        Posture.Flush flush = posture.drainFlush();
        return findings.upsertAll(flush.confirmed())
                .chain(() -> apis.markEvaluated(flush.evaluatedAt()))
                .chain(traffic::flush);
    }

    /** Acknowledges a finding until {@code until} (the configured default when null). */
    public Uni<Finding> acknowledge(String id, String by, String reason, Instant until) {
        Instant now = clock.instant();
        Finding finding = posture.acknowledge(id, by, reason,
                until == null ? now.plus(config.defaultAcknowledgement()) : until, now);
        return store(List.of(finding)).replaceWith(finding);
    }

    /** Withdraws an acknowledgement. */
    public Uni<Finding> unacknowledge(String id) {
        Finding finding = posture.unacknowledge(id, clock.instant());
        return store(List.of(finding)).replaceWith(finding);
    }

    /**
     * Suppresses the rule of finding {@code findingId} within {@code scope} of it: its API, its namespace, or
     * everywhere.
     *
     * @throws NoSuchElementException when there is no such finding
     * @throws IllegalArgumentException         for a namespace scope on an API without namespace
     */
    public Uni<Suppressed> suppress(String findingId, Suppression.Scope scope, String by, String reason) {
        Finding finding = posture.finding(findingId);
        if (finding == null) {
            throw new NoSuchElementException("no finding " + findingId);
        }
        String scopeValue = switch (scope) {
            case API -> finding.apiId();
            case NAMESPACE -> {
                if (finding.namespace() == null) {
                    throw new IllegalArgumentException("API " + finding.apiId() + " has no namespace");
                }
                yield finding.namespace();
            }
            case ALL -> null;
        };
        Instant now = clock.instant();
        Suppression suppression = new Suppression("sup-" + UUID.randomUUID().toString().substring(0, 13),
                finding.ruleId(), scope, scopeValue, by, reason, now);
        return findings.insert(suppression).chain(() -> {
            List<Finding> changed = posture.suppress(suppression, now);
            return store(changed).replaceWith(new Suppressed(suppression, changed.size()));
        });
    }

    /** A new suppression and how many live findings it suppressed. */
    public record Suppressed(Suppression suppression, int findingsSuppressed) {
    }

    /** Removes a suppression; null when there is none with that id. */
    public Uni<Suppressed> unsuppress(String suppressionId) {
        Posture.Unsuppressed removed = posture.unsuppress(suppressionId, clock.instant());
        if (removed == null) {
            return Uni.createFrom().nullItem();
        }
        return findings.deleteSuppression(suppressionId)
                .chain(() -> store(removed.changed()))
                .replaceWith(new Suppressed(removed.suppression(), removed.changed().size()));
    }

    /** The id of the inventoried API serving a call, or null. */
    public String resolveApi(String apiId, String host, String path) {
        return posture.resolveApi(apiId, host, path);
    }

    /** Every finding. */
    public List<Finding> findings() {
        return posture.findings();
    }

    /** The finding, or null. */
    public Finding finding(String id) {
        return posture.finding(id);
    }

    /** Every suppression. */
    public List<Suppression> suppressions() {
        return posture.suppressions();
    }

    /** Every inventoried API. */
    public List<ApiEndpoint> apis() {
        return posture.apis();
    }

    /** Level 3 figures now. */
    public Posture.Figures figures() {
        return posture.figures(clock.instant(), config.maturity().level3().maxEvaluationAge());
    }

    /** When every API was last evaluated together; null before the first time. */
    public Instant lastFullEvaluation() {
        return lastFullEvaluation;
    }

    private Uni<Void> store(List<Finding> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return findings.upsertAll(changed).invoke(() -> producer.publish(changed));
    }
}
