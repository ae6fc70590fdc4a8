package io.apiguard.enforcement.events;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.support.audit.AuditSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Operators' actions on rules, on {@code apiguard.audit} keyed by actor; completes when the broker has it. */
@ApplicationScoped
public class OperatorActionProducer implements AuditSink {

    private final Emitter<OperatorAction> emitter;

    OperatorActionProducer(@Channel(Topics.AUDIT) Emitter<OperatorAction> emitter) {
        this.emitter = emitter;
    }

    @Override
    public Uni<Void> publish(OperatorAction action) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(action)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(action.actor()).build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return Uni.createFrom().completionStage(acked);
    }
}
