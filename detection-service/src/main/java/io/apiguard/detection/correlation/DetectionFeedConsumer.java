package io.apiguard.detection.correlation;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.apiguard.common.events.Detection;

/**
 * Reads {@code apiguard.detections} in a consumer group of this replica's own (every replica sees every detection),
 * so the egress correlation watches subjects flagged on any replica, whichever replica reads their flows.
 */
@ApplicationScoped
public class DetectionFeedConsumer {

    /** Channel reading {@code apiguard.detections}; not named after the topic, which names the outgoing channel. */
    public static final String CHANNEL = "detections-feed";

    private final EgressCorrelation correlation;

    DetectionFeedConsumer(EgressCorrelation correlation) {
        this.correlation = correlation;
    }

    @Incoming(CHANNEL)
    public void consume(Detection detection) {
        if (detection != null) {
            correlation.flag(detection);
        }
    }
}
