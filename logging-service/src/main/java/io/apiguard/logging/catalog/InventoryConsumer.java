package io.apiguard.logging.catalog;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.Topics;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;

/**
 * Keeps {@link ApiCatalog} in step with discovery. Every replica reads the whole topic from the start on each start
 * (its own consumer group, no commits), because the catalog lives in memory. A record that is not an inventory change
 * arrives without payload and is nacked to {@code apiguard.inventory.dlq}.
 */
@ApplicationScoped
public class InventoryConsumer {

    private final ApiCatalog catalog;

    InventoryConsumer(ApiCatalog catalog) {
        this.catalog = catalog;
    }

    @Incoming(Topics.INVENTORY)
    public CompletionStage<Void> consume(Message<InventoryChange> message) {
        // The catalog must see every change: one it fails on stops the channel rather than being skipped.
        return Consumers.ackAfter(message, InventoryChange.class, OnFailure.FAIL, Consumers.running(catalog::apply));
    }
}
