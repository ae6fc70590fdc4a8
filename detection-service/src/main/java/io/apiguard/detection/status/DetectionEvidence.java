package io.apiguard.detection.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import io.apiguard.common.events.Topics;
import io.apiguard.common.status.DetectionFigures;
import io.apiguard.detection.correlation.EgressCorrelation;
import io.apiguard.detection.engine.DetectorDefinition;
import io.apiguard.detection.engine.PartitionPipeline;
import io.apiguard.detection.incidents.DetectionService;
import io.apiguard.detection.stream.DetectionPipeline;
import io.apiguard.detection.stream.PartitionRebalanceListener;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * Level 4 evidence: how far behind the call stream detection is ({@code consumerLagSeconds}), how many detectors run
 * ({@code detectorsEnabled} of {@code detectorsTotal}) and how fast calls go through ({@code eventsPerSecond}).
 *
 * <p>The lag is zero when the consumers have no record left to read (Kafka's current {@code records-lag} per partition); otherwise it is
 * the age of the newest record consumed, i.e. how long ago the stream was where detection is now.
 */
@ApplicationScoped
public class DetectionEvidence implements StatusContributor {

    private final DetectionPipeline pipeline;
    private final DetectionService detections;
    private final EgressCorrelation correlation;
    private final PartitionRebalanceListener partitions;
    private final KafkaClientService kafka;

    DetectionEvidence(
            DetectionPipeline pipeline,
            DetectionService detections,
            EgressCorrelation correlation,
            @Identifier(PartitionRebalanceListener.NAME) PartitionRebalanceListener partitions,
            KafkaClientService kafka) {
        this.pipeline = pipeline;
        this.detections = detections;
        this.correlation = correlation;
        this.partitions = partitions;
        this.kafka = kafka;
    }

    @Override
    public String name() {
        return "detection";
    }

    @Override
    public Uni<DetectionFigures> evidence() {
        return recordsLag().map(lag -> {
            long now = System.currentTimeMillis();
            long newest = pipeline.newestRecordTimestamp();
            double lagSeconds;
            if (lag != null && lag <= 0) {
                lagSeconds = 0;
            } else if (newest == Long.MIN_VALUE) {
                lagSeconds = 0;
            } else if (lag == null && now - pipeline.lastConsumedAt() > 5_000) {
                // No lag figure and nothing consumed lately: idle, as far as we can tell.
                lagSeconds = 0;
            } else {
                lagSeconds = Math.max(0, (now - newest) / 1000.0);
            }
            List<DetectorDefinition> all = pipeline.definitions();
            return new DetectionFigures(
                    Math.round(lagSeconds * 1000) / 1000.0,
                    lag == null ? -1 : lag,
                    all.stream().filter(DetectorDefinition::enabled).count(),
                    all.size(),
                    Math.round(pipeline.eventsPerSecond() * 10) / 10.0,
                    pipeline.processed(),
                    pipeline.failedCount(),
                    detections.published(),
                    partitions.assigned().stream().sorted().toList(),
                    pipeline.engine().pipelines().stream()
                            .mapToInt(PartitionPipeline::openIncidents)
                            .sum(),
                    pipeline.engine().allowlist().size(),
                    correlation.watchedAddresses());
        });
    }

    /** The largest records-lag of the call-stream consumers, or null when Kafka has no figure yet. */
    private Uni<Long> recordsLag() {
        List<KafkaConsumer<Object, Object>> consumers;
        try {
            consumers = kafka.getConsumers(Topics.CALLS_NORMALIZED);
        } catch (RuntimeException e) {
            return Uni.createFrom().nullItem();
        }
        if (consumers == null || consumers.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        List<Uni<Long>> lags = new ArrayList<>();
        for (KafkaConsumer<Object, Object> consumer : consumers) {
            java.util.function.Function<org.apache.kafka.clients.consumer.Consumer<Object, Object>, Long> lag =
                    c -> lagOf(c.metrics());
            lags.add(consumer.runOnPollingThread(lag)
                    .ifNoItem()
                    .after(java.time.Duration.ofSeconds(2))
                    .recoverWithItem((Long) null)
                    .onFailure()
                    .recoverWithNull());
        }
        return Uni.join()
                .all(lags)
                .andCollectFailures()
                .map(values -> {
                    Long max = null;
                    for (Long value : values) {
                        if (value != null) {
                            max = max == null ? value : Math.max(max, value);
                        }
                    }
                    return max;
                })
                .onFailure()
                .recoverWithNull();
    }

    /** The largest current {@code records-lag} over the consumer's partitions (null before the first fetch). */
    private static Long lagOf(Map<MetricName, ? extends Metric> metrics) {
        Long max = null;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            if ("records-lag".equals(name.name())
                    && "consumer-fetch-manager-metrics".equals(name.group())
                    && name.tags().containsKey("partition")) {
                Object value = entry.getValue().metricValue();
                if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
                    max = max == null ? Math.round(d) : Math.max(max, Math.round(d));
                }
            }
        }
        return max;
    }
}
