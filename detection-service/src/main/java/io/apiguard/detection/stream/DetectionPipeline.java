package io.apiguard.detection.stream;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.DetectionEngine;
import io.apiguard.detection.engine.DetectorDefinition;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.KeyedDetection;
import io.quarkus.arc.All;

/**
 * The service's {@link DetectionEngine}: every detector bean, per-partition state, and the stream figures the status
 * reports (calls processed, events per second, newest record timestamp). Thread-safe.
 */
@ApplicationScoped
public class DetectionPipeline {

    private final DetectionEngine engine;
    private final List<DetectorDefinition> definitions;
    private final LongAdder processed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong newestRecordTimestamp = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastConsumedAt = new AtomicLong(Long.MIN_VALUE);
    private final RateMeter rate = new RateMeter();

    DetectionPipeline(@All List<DetectorDefinition> definitions, DetectionConfig config, Allowlist allowlist) {
        this.definitions = definitions.stream()
                .sorted(java.util.Comparator.comparing(DetectorDefinition::name))
                .toList();
        this.engine = new DetectionEngine(this.definitions, incidentSettings(config), allowlist);
    }

    /** The incident settings of {@code config}. */
    public static IncidentTracker.Settings incidentSettings(DetectionConfig config) {
        return new IncidentTracker.Settings(
                config.incidents().idleTimeout(),
                config.incidents().publishInterval(),
                config.incidents().maxOpen());
    }

    /** Runs {@code call}, read from {@code partition} with Kafka timestamp {@code recordTimestamp}, through the detectors. */
    public List<KeyedDetection> process(int partition, ApiCallRecord call, long recordTimestamp) {
        newestRecordTimestamp.accumulateAndGet(recordTimestamp, Math::max);
        long now = System.currentTimeMillis();
        lastConsumedAt.set(now);
        processed.increment();
        rate.mark(now);
        return engine.process(partition, call);
    }

    /** Counts a message that could not be processed (sent to the DLQ). */
    public void failed() {
        failed.increment();
    }

    public DetectionEngine engine() {
        return engine;
    }

    /** Every detector bean, enabled or not, by name. */
    public List<DetectorDefinition> definitions() {
        return definitions;
    }

    public long processed() {
        return processed.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    /** Calls per second over the last ten seconds. */
    public double eventsPerSecond() {
        return rate.perSecond(System.currentTimeMillis());
    }

    /** Kafka timestamp of the newest record consumed, or {@code Long.MIN_VALUE}. */
    public long newestRecordTimestamp() {
        return newestRecordTimestamp.get();
    }

    /** Wall-clock time of the last record consumed, or {@code Long.MIN_VALUE}. */
    public long lastConsumedAt() {
        return lastConsumedAt.get();
    }
}
