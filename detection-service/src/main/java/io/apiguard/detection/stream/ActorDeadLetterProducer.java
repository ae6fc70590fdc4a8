package io.apiguard.detection.stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.support.messaging.Consumers;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/** Sends what {@link ActorCallConsumer} cannot process to {@code apiguard.detection.calls.dlq}, as {@link DeadLetterProducer}. */
@ApplicationScoped
public class ActorDeadLetterProducer {

    /** The outgoing channel, named after the dead-letter topic ({@code Topics.DETECTION_CALLS_DLQ}). */
    public static final String CHANNEL = "apiguard.detection.calls.dlq";

    private final Emitter<byte[]> emitter;

    ActorDeadLetterProducer(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Dead-letters {@code record} with {@code reason}; {@code value} is the original bytes, when known. */
    public void send(KafkaRecord<String, ?> record, byte[] value, String reason) {
        emitter.send(Consumers.deadLetter(record, value == null ? new byte[0] : value, reason));
    }
}
