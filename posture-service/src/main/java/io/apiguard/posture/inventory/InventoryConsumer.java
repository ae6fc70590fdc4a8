package io.apiguard.posture.inventory;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.Topics;
import io.apiguard.posture.evaluation.PostureService;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;

/**
 * Feeds every inventory change to the evaluation: the API is stored and evaluated at once. A record that is not a
 * valid change arrives without payload and is nacked, which sends it to {@code apiguard.inventory.dlq}.
 */
@ApplicationScoped
public class InventoryConsumer {

    private final PostureService posture;

    InventoryConsumer(PostureService posture) {
        this.posture = posture;
    }

    @Incoming(Topics.INVENTORY)
    public CompletionStage<Void> consume(Message<InventoryChange> message) {
        return Consumers.ackAfter(message, InventoryChange.class, OnFailure.NACK, posture::apply);
    }
}
