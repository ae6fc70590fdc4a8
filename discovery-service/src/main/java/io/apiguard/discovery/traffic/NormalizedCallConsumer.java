package io.apiguard.discovery.traffic;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.discovery.inventory.InventoryService;
import io.smallrye.mutiny.Uni;

/**
 * Feeds every normalized call to the inventory: it maps the call to a declared API or to a shadow API, learns its
 * operation, and revives zombies. A message that cannot be read goes to {@code apiguard.calls.normalized.dlq}.
 */
@ApplicationScoped
public class NormalizedCallConsumer {

    private final InventoryService inventory;

    NormalizedCallConsumer(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Incoming(Topics.CALLS_NORMALIZED)
    public Uni<Void> consume(NormalizedCall normalized) {
        ApiCallRecord.Api api = normalized.call().api();
        return inventory.observe(api.host(), api.method(), api.path(), normalized.call().timestamp()).replaceWithVoid();
    }
}
