package io.apiguard.detection.correlation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.apiguard.common.events.NormalizedCall;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.incidents.DetectionService;

/**
 * Reads {@code apiguard.calls.normalized} in a consumer group of this replica's own, so the card-skimming correlation
 * sees every card-data call whichever replica reads the pod's flows (flows are keyed by address, calls by subject).
 * Only calls whose responses carry card numbers are kept; the rest are dropped at once. Records that do not
 * deserialize are the partitioned consumer's to dead-letter; here they are skipped.
 */
@ApplicationScoped
public class CardCallFeedConsumer {

    /** Channel reading {@code apiguard.calls.normalized}; not named after the topic, which names the partitioned one. */
    public static final String CHANNEL = "card-calls-feed";

    private final EgressCorrelation correlation;
    private final DetectionService detections;

    CardCallFeedConsumer(EgressCorrelation correlation, DetectionService detections) {
        this.correlation = correlation;
        this.detections = detections;
    }

    @Incoming(CHANNEL)
    public void consume(NormalizedCall normalized) {
        if (normalized == null || normalized.call() == null || !correlation.wantsCalls()) {
            return;
        }
        List<KeyedDetection> raised = correlation.observe(normalized.call());
        if (!raised.isEmpty()) {
            detections.recordAsync(raised);
        }
    }
}
