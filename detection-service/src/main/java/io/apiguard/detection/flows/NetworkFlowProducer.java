package io.apiguard.detection.flows;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.apiguard.common.events.NetworkFlow;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Publishes normalized flows on {@code apiguard.network} as CloudEvents, keyed by source address (the topic's key).
 * The channel is not named after the topic: this app reads {@code apiguard.network} too, under the topic's name.
 */
@ApplicationScoped
public class NetworkFlowProducer {

    /** Outgoing channel writing {@code apiguard.network}. */
    public static final String CHANNEL = "network-flows";

    /** How long a flow may wait for the broker before its raw record is dead-lettered with the reason. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<NetworkFlow> emitter;

    NetworkFlowProducer(@Channel(CHANNEL) MutinyEmitter<NetworkFlow> emitter) {
        this.emitter = emitter;
    }

    /** Publishes {@code flow}; completes when the broker has it. */
    public Uni<Void> publish(NetworkFlow flow) {
        return KafkaSends.acknowledgedWithin(emitter, flow, flow.sourceIp(), ACK_TIMEOUT);
    }
}
