package io.apiguard.detection.incidents;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.detection.correlation.EgressCorrelation;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.stream.DetectionPipeline;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;

/**
 * Where detections go: published on {@code apiguard.detections} and upserted in PostgreSQL, side by side, and handed
 * to the egress correlation. Also marks false positives, which feed the allowlist.
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
    private final LongAdder published = new LongAdder();

    DetectionService(DetectionRepository repository, AllowlistRepository allowlistRepository, DetectionProducer producer,
            Allowlist allowlist, DetectionPipeline pipeline, EgressCorrelation correlation) {
        this.repository = repository;
        this.allowlistRepository = allowlistRepository;
        this.producer = producer;
        this.allowlist = allowlist;
        this.pipeline = pipeline;
        this.correlation = correlation;
    }

    /**
     * Publishes and stores {@code detections}; completes when both are done. The stream does not wait for it: an
     * ongoing incident is republished by its next signal, so a lost update heals.
     */
    public Uni<Void> record(List<Detection> detections) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        detections.forEach(correlation::flag);
        published.add(detections.size());
        return Uni.combine().all().unis(producer.publish(detections), repository.upsertAll(detections))
                .discardItems()
                .onFailure().invoke(failure -> LOGGER.warnf("could not record %d detection(s): %s", detections.size(),
                        failure.getMessage()));
    }

    /** Fire-and-forget {@link #record(List)}, for the stream. */
    public void recordAsync(List<Detection> detections) {
        if (!detections.isEmpty()) {
            record(detections).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    public Uni<Detection> find(String id) {
        return repository.find(id).onItem().ifNull()
                .failWith(() -> HttpProblem.builder().withStatus(jakarta.ws.rs.core.Response.Status.NOT_FOUND).withTitle("Detection not found")
                        .withDetail("no detection " + id).build());
    }

    /**
     * Marks detection {@code id} a false positive: its type is never raised again for its subject (or address), its
     * open incident is dropped, and the new state is published so enforcement lifts what it derived from it.
     */
    public Uni<Detection> markFalsePositive(String id, String reason) {
        return find(id).flatMap(detection -> {
            Instant now = Instant.now();
            String key = IncidentTracker.incidentKey(detection);
            Detection marked = new Detection(detection.id(), detection.type(), detection.severity(),
                    detection.confidence(), detection.subject(), detection.clientIps(), detection.apiIds(),
                    detection.windowStart(), detection.windowEnd(), detection.evidence(), detection.owaspCategory(),
                    "monitor", DetectionState.FALSE_POSITIVE, now);
            allowlist.allow(detection.type(), key);
            pipeline.engine().pipelines().forEach(p -> p.forget(detection.type(), key));
            return allowlistRepository.add(detection.type(), key, id, reason, now)
                    .flatMap(ignored -> repository.markFalsePositive(marked))
                    .flatMap(ignored -> producer.publish(List.of(marked)))
                    .replaceWith(marked);
        });
    }

    /** Reloads the allowlist from the table (other replicas add to it). */
    public Uni<Void> refreshAllowlist() {
        return allowlistRepository.all().invoke(entries -> entries
                .forEach(entry -> allowlist.allow(entry.type(), entry.incidentKey()))).replaceWithVoid();
    }

    public long published() {
        return published.sum();
    }
}
