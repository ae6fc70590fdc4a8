package io.apiguard.detection.correlation;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.incidents.DetectionService;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;

/**
 * Reads network flow records from {@code apiguard.network} into the egress correlation. A record that is not a flow
 * arrives without payload and is nacked to {@code apiguard.network.dlq}.
 */
@ApplicationScoped
public class NetworkFlowConsumer {

    private final EgressCorrelation correlation;
    private final DetectionService detections;

    NetworkFlowConsumer(EgressCorrelation correlation, DetectionService detections) {
        this.correlation = correlation;
        this.detections = detections;
    }

    @Incoming(Topics.NETWORK)
    public CompletionStage<Void> consume(Message<NetworkFlow> message) {
        return Consumers.ackAfter(
                message,
                NetworkFlow.class,
                OnFailure.NACK,
                Consumers.running(flow -> detections.recordAsync(correlation.observe(flow))));
    }
}
