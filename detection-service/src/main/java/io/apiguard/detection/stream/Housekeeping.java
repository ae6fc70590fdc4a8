package io.apiguard.detection.stream;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.apiguard.detection.allowlist.AllowlistService;
import io.apiguard.detection.baseline.BaselineStore;
import io.apiguard.detection.correlation.EgressCorrelation;
import io.apiguard.detection.engine.PartitionPipeline;
import io.apiguard.detection.incidents.DetectionService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The periodic work beside the stream: baselines to PostgreSQL, closing quiet incidents (also while no call
 * arrives), reloading the false-positive allowlist that other replicas add to and withdraw from; baselines once more
 * at shutdown.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOGGER = Logger.getLogger(Housekeeping.class);

    private final BaselineStore baselines;
    private final DetectionPipeline pipeline;
    private final DetectionService detections;
    private final EgressCorrelation correlation;
    private final AllowlistService allowlist;

    Housekeeping(
            BaselineStore baselines,
            DetectionPipeline pipeline,
            DetectionService detections,
            EgressCorrelation correlation,
            AllowlistService allowlist) {
        this.baselines = baselines;
        this.pipeline = pipeline;
        this.detections = detections;
        this.correlation = correlation;
        this.allowlist = allowlist;
    }

    void loadAllowlist(@Observes StartupEvent event) {
        try {
            allowlist.refresh().await().atMost(Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            LOGGER.warnf("allowlist not loaded at start, retrying on schedule: %s", e.getMessage());
        }
    }

    @Scheduled(
            every = "${apiguard.detection.baselines.flush-interval:60s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flushBaselines() {
        return baselines
                .persistAll(Instant.now())
                .onFailure()
                .invoke(failure -> LOGGER.warnf("baselines not saved: %s", failure.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(
            every = "${apiguard.detection.incidents.sweep-interval:30s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepIncidents() {
        long now = System.currentTimeMillis();
        for (PartitionPipeline held : pipeline.engine().pipelines()) {
            detections.recordAsync(held.sweep(now));
        }
        for (PartitionPipeline held : pipeline.engine().actorPipelines()) {
            detections.recordAsync(held.sweep(now));
        }
        detections.recordAsync(correlation.sweep(now));
    }

    @Scheduled(
            every = "${apiguard.detection.baselines.allowlist-refresh:30s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshAllowlist() {
        return allowlist
                .refresh()
                .onFailure()
                .invoke(failure -> LOGGER.warnf("allowlist not reloaded: %s", failure.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    void saveOnShutdown(@Observes ShutdownEvent event) {
        try {
            baselines.persistAll(Instant.now()).await().atMost(Duration.ofSeconds(10));
            baselines.closing();
        } catch (RuntimeException e) {
            LOGGER.warnf("baselines not saved at shutdown: %s", e.getMessage());
        }
    }
}
