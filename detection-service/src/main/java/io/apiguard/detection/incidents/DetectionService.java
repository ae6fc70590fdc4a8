package io.apiguard.detection.incidents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.detection.allowlist.AllowlistEntry;
import io.apiguard.detection.allowlist.AllowlistRepository;
import io.apiguard.detection.audit.OperatorActionProducer;
import io.apiguard.detection.correlation.EgressCorrelation;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.stream.DetectionPipeline;
import io.apiguard.support.audit.OperatorAudit;
import io.apiguard.support.messaging.CallerContext;
import io.apiguard.support.security.Actor;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Where detections go: published on {@code apiguard.detections} and upserted in PostgreSQL, side by side, and handed
 * to the egress correlation. Also records operators' false-positive verdicts, which feed the allowlist.
 */
@ApplicationScoped
public class DetectionService {

    private static final Logger LOGGER = Logger.getLogger(DetectionService.class);

    private final DetectionRepository repository;
    private final AllowlistRepository allowlistRepository;
    private final DetectionProducer producer;
    private final Allowlist allowlist;
    private final DetectionPipeline pipeline;
    private final EgressCorrelation correlation;
    private final OperatorAudit audit;
    private final Pool pool;
    private final Clock clock;
    private final LongAdder published = new LongAdder();

    DetectionService(
            DetectionRepository repository,
            AllowlistRepository allowlistRepository,
            DetectionProducer producer,
            Allowlist allowlist,
            DetectionPipeline pipeline,
            EgressCorrelation correlation,
            OperatorAudit audit,
            Pool pool,
            Clock clock) {
        this.repository = repository;
        this.allowlistRepository = allowlistRepository;
        this.producer = producer;
        this.allowlist = allowlist;
        this.pipeline = pipeline;
        this.correlation = correlation;
        this.audit = audit;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Publishes and stores {@code detections}; completes when both are done. The stream does not wait for it: an
     * ongoing incident is republished by its next signal, so a lost update heals.
     */
    public Uni<Void> record(List<KeyedDetection> detections) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        detections.forEach(keyed -> correlation.flag(keyed.detection()));
        published.add(detections.size());
        return Uni.combine()
                .all()
                .unis(producer.publish(detections), repository.upsertAll(detections, clock.instant()))
                .discardItems()
                .onFailure()
                .invoke(failure ->
                        LOGGER.warnf("could not record %d detection(s): %s", detections.size(), failure.getMessage()));
    }

    /** Fire-and-forget {@link #record(List)}, for the stream. */
    public void recordAsync(List<KeyedDetection> detections) {
        if (!detections.isEmpty()) {
            record(detections).subscribe().with(ok -> {}, failure -> {});
        }
    }

    /** Detection {@code id} with its verdict, or a problem+json 404. */
    public Uni<DetectionView> find(String id) {
        return repository.find(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /**
     * Marks detection {@code id} a false positive on {@code actor}'s verdict: the detection records who, why and when;
     * an allowlist entry suppresses its type for its incident key (subject, address or unverified credential, as stored
     * with the detection) for {@code allowFor}; its open incident is
     * dropped; and the new state is published so enforcement lifts what it derived from it.
     *
     * <p>The verdict counts once its audit record is acknowledged: the row changes and the entry are written in one
     * transaction that publishes the {@code detection-marked-false-positive} action before it commits, so a failed
     * publish rolls it back (503). The allowlist and the stream learn of the verdict only after the commit, and the
     * detection's new state is published after it too: enforcement never lifts a block nobody is accountable for.
     */
    public Uni<DetectionView> markFalsePositive(String id, String reason, Duration allowFor, Actor actor) {
        Function<Uni<DetectionView>, Uni<DetectionView>> resume = CallerContext.resume();
        Instant now = clock.instant();
        return pool.withTransaction(connection -> repository
                        .findForUpdate(connection, id)
                        .onItem()
                        .ifNull()
                        .failWith(() -> notFound(id))
                        .flatMap(keyed -> {
                            Detection detection = keyed.detection();
                            // A detection stays false-positive after its entry ended; it may be marked again then.
                            Uni<Boolean> covered = detection.state() == DetectionState.FALSE_POSITIVE
                                    ? allowlistRepository.covers(connection, detection.type(), keyed.incidentKey(), now)
                                    : Uni.createFrom().item(false);
                            return covered.map(active -> {
                                if (active) {
                                    throw alreadyFalsePositive(id);
                                }
                                return keyed;
                            });
                        })
                        .flatMap(keyed -> {
                            Detection detection = keyed.detection();
                            String key = keyed.incidentKey();
                            AllowlistEntry entry = new AllowlistEntry(
                                    UUID.randomUUID().toString(),
                                    detection.type(),
                                    key,
                                    id,
                                    reason,
                                    actor.subject(),
                                    now,
                                    now.plus(allowFor),
                                    null,
                                    null,
                                    AllowlistEntry.State.ACTIVE);
                            FalsePositiveVerdict verdict = new FalsePositiveVerdict(
                                    actor.subject(), reason, now, entry.id(), entry.expiresAt());
                            Detection marked = new Detection(
                                    detection.id(),
                                    detection.type(),
                                    detection.severity(),
                                    detection.confidence(),
                                    detection.subject(),
                                    detection.clientIps(),
                                    detection.apiIds(),
                                    detection.windowStart(),
                                    detection.windowEnd(),
                                    detection.evidence(),
                                    detection.owaspCategory(),
                                    RecommendedActions.MONITOR,
                                    DetectionState.FALSE_POSITIVE,
                                    now,
                                    detection.credentialFingerprints());
                            return repository
                                    .markFalsePositive(connection, marked, verdict)
                                    .flatMap(ignored -> allowlistRepository.insert(connection, entry))
                                    .flatMap(ignored -> audit.record(
                                                    actor,
                                                    OperatorActionKind.DETECTION_MARKED_FALSE_POSITIVE,
                                                    "detection",
                                                    id,
                                                    reason,
                                                    Map.of(
                                                            "allowlistEntry",
                                                            entry.id(),
                                                            "expiresAt",
                                                            entry.expiresAt().toString(),
                                                            "detectionType",
                                                            entry.type(),
                                                            "incidentKey",
                                                            key))
                                            .onFailure()
                                            .transform(OperatorActionProducer::notRecorded))
                                    .replaceWith(() -> new Marked(new DetectionView(marked, verdict), entry));
                        }))
                .invoke(done -> {
                    AllowlistEntry entry = done.entry();
                    allowlist.allow(entry.toEngine());
                    pipeline.engine().pipelines().forEach(p -> p.forget(entry.type(), entry.incidentKey()));
                    pipeline.engine().actorPipelines().forEach(p -> p.forget(entry.type(), entry.incidentKey()));
                    LOGGER.infof(
                            "detection %s marked false positive by %s: %s suppressed for %s until %s",
                            id, actor.subject(), entry.type(), entry.incidentKey(), entry.expiresAt());
                })
                .flatMap(done -> producer.publish(List.of(new KeyedDetection(
                                done.entry().incidentKey(), done.view().detection())))
                        .onFailure()
                        .transform(failure -> {
                            LOGGER.warnf("false positive %s recorded but not published: %s", id, failure.getMessage());
                            return notPublished(id);
                        })
                        .replaceWith(done.view()))
                .plug(resume);
    }

    /** What a verdict wrote, until it is published. */
    private record Marked(DetectionView view, AllowlistEntry entry) {}

    private static HttpProblem notFound(String id) {
        return HttpProblem.builder()
                .withStatus(Response.Status.NOT_FOUND)
                .withTitle("Detection not found")
                .withDetail("no detection " + id)
                .build();
    }

    private static HttpProblem alreadyFalsePositive(String id) {
        return HttpProblem.builder()
                .withStatus(Response.Status.CONFLICT)
                .withTitle("Already a false positive")
                .withDetail("detection " + id + " is already marked false positive and an active allowlist entry "
                        + "covers it (see /api/v1/allowlist); withdraw that entry to give a new verdict")
                .build();
    }

    private static HttpProblem notPublished(String id) {
        // Recorded and audited, so not an error to retry: enforcement keeps its rules until a new state is published.
        return HttpProblem.builder()
                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                .withTitle("False positive not published")
                .withDetail("detection " + id + " is marked false positive and its allowlist entry is active, but "
                        + "apiguard.detections did not acknowledge the new state: enforcement keeps the rules it "
                        + "derived from it")
                .build();
    }

    public long published() {
        return published.sum();
    }
}
