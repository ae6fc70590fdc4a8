package io.apiguard.support.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Keyed Kafka records, sent so that the sender learns when the broker has them: every apiguard event is partitioned by
 * a key (the endpoint, the actor, the incident), and most of them must not be reported done before they are durable.
 */
public final class KafkaSends {

    private KafkaSends() {}

    /** {@code payload} as a record keyed by {@code key}. */
    public static <T> Message<T> keyed(T payload, String key) {
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .build());
    }

    /**
     * Sends {@code payload} keyed by {@code key} at once; the future completes when the broker acknowledged the record
     * and fails with the producer's error when it did not. An emitter that refuses at once (its buffer full) throws.
     */
    public static <T> CompletableFuture<Void> acknowledged(Emitter<T> emitter, T payload, String key) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(keyed(payload, key)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }

    /**
     * Sends {@code payload} keyed by {@code key} when subscribed to; completes when the broker acknowledged the record
     * and fails when it refused it, did not answer within {@code timeout}, or the emitter refused at once. The result
     * is delivered on the caller's Vert.x context, if it had one ({@link CallerContext}): the acknowledgement arrives on
     * the Kafka producer's thread.
     */
    public static <T> Uni<Void> acknowledgedWithin(MutinyEmitter<T> emitter, T payload, String key, Duration timeout) {
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(keyed(payload, key)))
                .ifNoItem()
                .after(timeout)
                .fail()
                .plug(CallerContext.resume());
    }
}
