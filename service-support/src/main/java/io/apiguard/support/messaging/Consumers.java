package io.apiguard.support.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The acknowledgement every apiguard Kafka consumer follows, so that a consumer says only what it does with an event.
 * A message that is not the event its channel carries is nacked with the reason, and the channel's
 * {@code failure-strategy=dead-letter-queue} sends it to the topic's {@code .dlq} ({@code Topics.deadLetter}); a valid
 * one is acked once its handling succeeded. What a failed handling does is the consumer's choice ({@link OnFailure}).
 *
 * <p>Typed channels deserialize in the connector, which hands a record that does not deserialize on without payload
 * (the {@code *Deserializer}'s failure handler does not fail the channel): no payload is the invalid case there. Text
 * channels parse here ({@link #parseThenAck}). Batch consumers cannot nack one record of a batch, so they send their
 * dead letters themselves, in SmallRye's form ({@link #deadLetter}).
 *
 * <p>Stateless; call it from the consumer method, on the thread SmallRye calls that on.
 */
public final class Consumers {

    private Consumers() {}

    /** What a failure of the handler does to the message. */
    public enum OnFailure {
        /**
         * The message is nacked with the failure: the channel's failure strategy (dead-letter-queue) sends it to the
         * dead-letter topic, and the channel goes on.
         */
        NACK,
        /**
         * The returned stage fails and the message is neither acked nor nacked: a {@code @Retry} on the consumer
         * method tries it again; without one SmallRye stops the channel and reports it unhealthy. For consumers that
         * must not skip a valid message (an audit trail, an in-memory view that has to see every change).
         */
        FAIL
    }

    /**
     * A message of a text channel that is not the event the channel carries; its message is the dead-letter reason.
     * Thrown by a parser given to {@link #parseThenAck}.
     */
    public static class InvalidMessageException extends RuntimeException {
        public InvalidMessageException(String reason) {
            super(reason);
        }
    }

    /**
     * Nacks {@code message} when it has no payload (it did not deserialize as {@code type}); otherwise hands the
     * payload to {@code handler} and acks once the handler's {@code Uni} succeeded, or does what {@code onFailure}
     * says when it failed (or the handler threw).
     */
    public static <T> CompletionStage<Void> ackAfter(
            Message<T> message, Class<T> type, OnFailure onFailure, Function<? super T, ? extends Uni<?>> handler) {
        T payload = message.getPayload();
        if (payload == null) {
            return message.nack(new IllegalArgumentException("not a valid " + type.getSimpleName()));
        }
        CompletionStage<Void> acked = Uni.createFrom()
                .deferred(() -> handler.apply(payload))
                .subscribeAsCompletionStage()
                .thenCompose(ignored -> message.ack());
        return onFailure == OnFailure.NACK
                ? acked.exceptionallyCompose(failure -> message.nack(unwrapped(failure)))
                : acked;
    }

    /**
     * Parses a message of a text channel with {@code parser}, which throws {@link InvalidMessageException} for one
     * that is not the channel's event: that message is nacked with the exception (its message the reason) after
     * {@code refused} saw it (to count or log it). A parsed event goes to {@code handler}, and the message is acked
     * once the handler's {@code Uni} succeeded, or treated as {@code onFailure} says when it failed. Lazy, like every
     * {@code Uni}: a {@code @Retry} on the consumer method parses and handles again.
     */
    public static <P, T> Uni<Void> parseThenAck(
            Message<P> message,
            Function<? super Message<P>, T> parser,
            Consumer<? super InvalidMessageException> refused,
            OnFailure onFailure,
            Function<? super T, ? extends Uni<?>> handler) {
        return Uni.createFrom().deferred(() -> {
            T event;
            try {
                event = parser.apply(message);
            } catch (InvalidMessageException e) {
                refused.accept(e);
                return Uni.createFrom().completionStage(() -> message.nack(e));
            }
            Uni<Void> acked = Uni.createFrom()
                    .deferred(() -> handler.apply(event))
                    .chain(() -> Uni.createFrom().completionStage(message::ack));
            return onFailure == OnFailure.NACK
                    ? acked.onFailure()
                            .recoverWithUni(failure -> Uni.createFrom().completionStage(() -> message.nack(failure)))
                    : acked;
        });
    }

    /** A synchronous handler as one for {@link #ackAfter}: what it throws is its failure. */
    public static <T> Function<T, Uni<Void>> running(Consumer<? super T> handler) {
        return payload -> Uni.createFrom().item(() -> {
            handler.accept(payload);
            return null;
        });
    }

    /**
     * The dead letter of {@code record} (a record read from Kafka) as SmallRye's dead-letter-queue strategy writes it:
     * same key, {@code value} (the original value, or what the consumer has of it), and the
     * {@code dead-letter-reason}, {@code -topic}, {@code -partition} and {@code -offset} headers. For batch consumers,
     * which dead-letter one record of a batch through an emitter of their own.
     */
    public static <V> Message<V> deadLetter(Message<?> record, V value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(reason));
        Object key = null;
        IncomingKafkaRecordMetadata<?, ?> kafka =
                record.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (kafka != null) {
            headers.add(DeadLetterHeaders.TOPIC, bytes(kafka.getTopic()));
            headers.add(DeadLetterHeaders.PARTITION, bytes(String.valueOf(kafka.getPartition())));
            headers.add(DeadLetterHeaders.OFFSET, bytes(String.valueOf(kafka.getOffset())));
            key = kafka.getKey();
        }
        return Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.builder()
                        .withKey(key)
                        .withHeaders(headers)
                        .build());
    }

    /** The headers of a dead letter, as SmallRye names them. */
    public static final class DeadLetterHeaders {
        /** The class of the failure the record was refused with. */
        public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
        /** Why the record was refused. */
        public static final String REASON = "dead-letter-reason";
        /** The class of that failure's cause, when it has one. */
        public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
        /** That cause's message. */
        public static final String CAUSE = "dead-letter-cause";
        /** The topic it was read from. */
        public static final String TOPIC = "dead-letter-topic";
        /** The partition it was read from. */
        public static final String PARTITION = "dead-letter-partition";
        /** Its offset there. */
        public static final String OFFSET = "dead-letter-offset";

        private DeadLetterHeaders() {}
    }

    /** The handler's own failure, not the {@link CompletionException} a dependent stage wraps it in. */
    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static byte[] bytes(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }
}
