package io.apiguard.discovery.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.Topics;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;

/** Publishes inventory changes on {@code apiguard.inventory}, keyed by api id, as CloudEvents. */
@ApplicationScoped
public class InventoryEventProducer {

    private final Emitter<InventoryChange> emitter;

    InventoryEventProducer(
            @Channel(Topics.INVENTORY) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 100_000)
                    Emitter<InventoryChange> emitter) {
        this.emitter = emitter;
    }

    /** Publishes one event per change; completes when the broker acknowledged all of them. */
    public Uni<Void> publish(Inventory.Changes changes, Instant now) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        changes.upserted().forEach(endpoint -> acks.add(send(ChangeKind.UPSERTED, endpoint, now)));
        changes.removed().forEach(endpoint -> acks.add(send(ChangeKind.REMOVED, endpoint, now)));
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
    }

    private CompletableFuture<Void> send(ChangeKind kind, ApiEndpoint endpoint, Instant now) {
        return KafkaSends.acknowledged(emitter, new InventoryChange(kind, endpoint, now), endpoint.id());
    }
}
