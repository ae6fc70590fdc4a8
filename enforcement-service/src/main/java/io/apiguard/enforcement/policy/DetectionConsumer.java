package io.apiguard.enforcement.policy;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.Topics;
import io.apiguard.enforcement.rules.RuleService;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;

/**
 * Feeds every detection to the policy; the rules it calls for are stored, the set rebuilt and pushed before the
 * message is acknowledged. A record that is not a valid detection arrives without payload and is nacked, which sends
 * it to {@code apiguard.detections.dlq} with the reason.
 */
@ApplicationScoped
public class DetectionConsumer {

    private final RuleService rules;

    DetectionConsumer(RuleService rules) {
        this.rules = rules;
    }

    @Incoming(Topics.DETECTIONS)
    public CompletionStage<Void> consume(Message<Detection> message) {
        return Consumers.ackAfter(message, Detection.class, OnFailure.NACK, rules::apply);
    }
}
