package io.apiguard.discovery.traffic;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.discovery.inventory.InventoryService;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;

/**
 * Feeds every normalized call to the inventory: it maps the call to a declared API or to a shadow API, learns its
 * operation, and revives zombies. A record that is not a valid call arrives with no payload (deserialization failures
 * do not fail the channel) and is nacked, which sends it to {@code apiguard.calls.normalized.dlq} with the reason.
 */
@ApplicationScoped
public class NormalizedCallConsumer {

    private final InventoryService inventory;

    NormalizedCallConsumer(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Incoming(Topics.CALLS_NORMALIZED)
    public CompletionStage<Void> consume(Message<NormalizedCall> message) {
        return Consumers.ackAfter(message, NormalizedCall.class, OnFailure.NACK, normalized -> {
            ApiCallRecord.Api api = normalized.call().api();
            return inventory.observe(
                    api.host(), api.method(), api.path(), normalized.call().timestamp());
        });
    }
}
