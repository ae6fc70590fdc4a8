package io.apiguard.detection.stream;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.support.messaging.Consumers;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Sends call-stream records the pipeline cannot process to {@code apiguard.calls.normalized.dlq}, as the SmallRye
 * dead-letter strategy would (same key, original bytes, {@code dead-letter-*} headers), which the batch consumer
 * cannot use: a nacked batch would send every record of it.
 */
@ApplicationScoped
public class DeadLetterProducer {

    /** Header SmallRye sets on a record whose value did not deserialize: the original bytes. */
    static final String FAILURE_DATA = "deserialization-failure-data";
    /** Header SmallRye sets on such a record: why. */
    static final String FAILURE_REASON = "deserialization-failure-reason";

    /** The outgoing channel, named after the dead-letter topic ({@code Topics.CALLS_NORMALIZED_DLQ}). */
    public static final String CHANNEL = "apiguard.calls.normalized.dlq";

    private final Emitter<byte[]> emitter;

    DeadLetterProducer(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Dead-letters {@code record} with {@code reason}; {@code value} is the original bytes, when known. */
    public void send(KafkaRecord<String, ?> record, byte[] value, String reason) {
        emitter.send(Consumers.deadLetter(record, value == null ? new byte[0] : value, reason));
    }

    /** The original bytes of a record that did not deserialize, from SmallRye's failure header. */
    static byte[] failedData(KafkaRecord<String, ?> record) {
        Header header = record.getHeaders().lastHeader(FAILURE_DATA);
        return header == null ? null : header.value();
    }

    /** Why a record did not deserialize, from SmallRye's failure header. */
    static String failureReason(KafkaRecord<String, ?> record) {
        Header header = record.getHeaders().lastHeader(FAILURE_REASON);
        return header == null ? "not a valid NormalizedCall" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
