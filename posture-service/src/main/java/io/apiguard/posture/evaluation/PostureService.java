package io.apiguard.posture.evaluation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.findings.Finding;
import io.apiguard.posture.findings.FindingEventProducer;
import io.apiguard.posture.findings.FindingRepository;
import io.apiguard.posture.findings.Suppression;
import io.apiguard.posture.inventory.ApiRepository;
import io.apiguard.posture.rules.RuleCatalogue;
import io.apiguard.posture.rules.RuleThresholds;
import io.apiguard.posture.traffic.TrafficService;
import io.apiguard.support.audit.AuditNotRecordedException;
import io.apiguard.support.audit.OperatorAudit;
import io.apiguard.support.security.Actor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Runs the posture: loads the persisted state at start, evaluates an API on every inventory event and every API on a
 * schedule, stores each finding change and publishes it on {@code apiguard.findings}, and carries out operators'
 * acknowledgements and suppressions, each attributed to the caller's verified token and recorded on
 * {@code apiguard.audit} before it takes effect. The state itself lives in {@link Posture}.
 */
@ApplicationScoped
public class PostureService {

    private static final Logger LOGGER = Logger.getLogger(PostureService.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final String FINDING = "finding";
    private static final String SUPPRESSION = "suppression";

    private final Posture posture;
    private final ApiRepository apis;
    private final FindingRepository findings;
    private final FindingEventProducer producer;
    private final TrafficService traffic;
    private final PostureConfig config;
    private final OperatorAudit audit;
    private final Clock clock = Clock.systemUTC();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile Instant lastFullEvaluation;

    PostureService(
            ApiRepository apis,
            FindingRepository findings,
            FindingEventProducer producer,
            TrafficService traffic,
            PostureConfig config,
            OperatorAudit audit) {
        this.apis = apis;
        this.findings = findings;
        this.producer = producer;
        this.traffic = traffic;
        this.config = config;
        this.audit = audit;
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
            LOGGER.infof(
                    "loaded %d APIs, %d findings and %d suppressions",
                    inventory.endpoints().size(), persisted.size(), suppressions.size());
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
    @Scheduled(
            every = "${apiguard.posture.evaluation-interval:5m}",
            delayed = "${apiguard.posture.evaluation-interval:5m}",
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
    @Scheduled(
            every = "${apiguard.posture.flush-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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

    /**
     * Acknowledges a finding for {@code actor} until {@code until} (the configured default when null). The action is
     * checked first, so a refused one is not audited; it is applied only once its audit record was acknowledged.
     *
     * @throws NoSuchElementException   when there is no such finding
     * @throws IllegalStateException    when it is resolved or suppressed (also as a failure of the {@link Uni}, when
     *                                  that happened while the audit record was being written)
     * @throws IllegalArgumentException when {@code until} is not in the future
     */
    public Uni<Finding> acknowledge(Actor actor, String id, String reason, Instant until) {
        Instant now = clock.instant();
        Instant effectiveUntil = until == null ? now.plus(config.defaultAcknowledgement()) : until;
        Finding current = posture.acknowledgeable(id, effectiveUntil, now);
        Map<String, String> details = details(current);
        details.put("until", effectiveUntil.toString());
        return audited(actor, OperatorActionKind.FINDING_ACKNOWLEDGED, FINDING, id, reason, details)
                .map(recorded -> posture.acknowledge(id, actor.subject(), reason, effectiveUntil, now))
                .call(finding -> store(List.of(finding)));
    }

    /**
     * Withdraws an acknowledgement for {@code actor}; checked, audited, then applied like {@link #acknowledge}.
     *
     * @throws NoSuchElementException when there is no such finding
     * @throws IllegalStateException  when it is not acknowledged
     */
    public Uni<Finding> unacknowledge(Actor actor, String id) {
        Finding current = posture.unacknowledgeable(id);
        Map<String, String> details = details(current);
        details.put("acknowledgedBy", current.acknowledgement().by());
        details.put(
                "acknowledgedUntil", String.valueOf(current.acknowledgement().until()));
        return audited(actor, OperatorActionKind.FINDING_UNACKNOWLEDGED, FINDING, id, null, details)
                .map(recorded -> posture.unacknowledge(id, clock.instant()))
                .call(finding -> store(List.of(finding)));
    }

    /**
     * Suppresses the rule of finding {@code findingId} within {@code scope} of it (its API, its namespace, or
     * everywhere) for {@code actor}. The suppression row is inserted in a transaction that commits only once the audit
     * record was acknowledged; the findings it covers are suppressed after that.
     *
     * @throws NoSuchElementException   when there is no such finding
     * @throws IllegalArgumentException for a namespace scope on an API without namespace
     */
    public Uni<Suppressed> suppress(Actor actor, String findingId, Suppression.Scope scope, String reason) {
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
        Suppression suppression = new Suppression(
                "sup-" + UUID.randomUUID().toString().substring(0, 13),
                finding.ruleId(),
                scope,
                scopeValue,
                actor.subject(),
                reason,
                now);
        Map<String, String> details = details(finding);
        details.put("suppressionId", suppression.id());
        details.putAll(scopeDetails(suppression));
        return findings.insert(
                        suppression,
                        () -> audited(
                                actor, OperatorActionKind.FINDING_SUPPRESSED, FINDING, findingId, reason, details))
                .chain(() -> {
                    List<Finding> changed = posture.suppress(suppression, now);
                    return store(changed).replaceWith(new Suppressed(suppression, changed.size()));
                });
    }

    /** A new suppression and how many live findings it suppressed. */
    public record Suppressed(Suppression suppression, int findingsSuppressed) {}

    /**
     * Removes a suppression for {@code actor}; null when there is none with that id. The row is deleted in a
     * transaction that commits only once the audit record was acknowledged; the findings it suppressed open after that.
     */
    public Uni<Suppressed> unsuppress(Actor actor, String suppressionId) {
        Suppression existing = posture.suppression(suppressionId);
        if (existing == null) {
            return Uni.createFrom().nullItem();
        }
        Map<String, String> details = scopeDetails(existing);
        details.put("suppressedBy", existing.by());
        return findings.deleteSuppression(
                        suppressionId,
                        () -> audited(
                                actor,
                                OperatorActionKind.SUPPRESSION_WITHDRAWN,
                                SUPPRESSION,
                                suppressionId,
                                null,
                                details))
                .chain(deleted -> {
                    // Another operator's deletion of the same suppression committed first: theirs is the one audited.
                    Posture.Unsuppressed removed = deleted ? posture.unsuppress(suppressionId, clock.instant()) : null;
                    if (removed == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return store(removed.changed())
                            .replaceWith(new Suppressed(
                                    removed.suppression(), removed.changed().size()));
                });
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

    /** Records the action on {@code apiguard.audit}; fails with {@link AuditNotRecordedException} unless acked. */
    private Uni<Void> audited(
            Actor actor,
            OperatorActionKind action,
            String targetType,
            String targetId,
            String reason,
            Map<String, String> details) {
        return Uni.createFrom()
                .deferred(() -> audit.record(actor, action, targetType, targetId, reason, details))
                .onFailure()
                .invoke(failure -> LOGGER.warnf(
                        "%s of %s %s by %s not carried out: its audit record was " + "not acknowledged (%s)",
                        action.wire(), targetType, targetId, actor.subject(), failure.toString()))
                // The broker's own failure is in the log; the caller learns what it means for the action.
                .onFailure()
                .transform(failure -> new AuditNotRecordedException(
                        "Service Unavailable",
                        "the audit record of this action could not be written to apiguard.audit; nothing was "
                                + "changed, try again",
                        failure));
    }

    private static Map<String, String> details(Finding finding) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("ruleId", finding.ruleId());
        details.put("apiId", finding.apiId());
        return details;
    }

    private static Map<String, String> scopeDetails(Suppression suppression) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("ruleId", suppression.ruleId());
        details.put("scope", suppression.scope().wire());
        if (suppression.scopeValue() != null) {
            details.put("scopeValue", suppression.scopeValue());
        }
        return details;
    }

    private Uni<Void> store(List<Finding> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return findings.upsertAll(changed).invoke(() -> producer.publish(changed));
    }
}
