package io.apiguard.detection.flows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.common.events.NetworkFlow;
import io.apiguard.support.messaging.Consumers.DeadLetterHeaders;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes normalized flows on {@code apiguard.network} as CloudEvents, keyed by source address (the topic's key), and
 * the raw records the adapters refuse on their topic's {@code .dlq}. Each send goes to the Kafka producer at once (its
 * own batching, {@code linger.ms}, groups them) and returns a future the broker's acknowledgement completes, so a
 * batch consumer sends a whole poll and waits once. The flows channel is not named after its topic: this app reads
 * {@code apiguard.network} too, under the topic's name.
 */
@ApplicationScoped
public class NetworkFlowProducer {

    /** Outgoing channel writing {@code apiguard.network}. */
    public static final String CHANNEL = "network-flows";

    /** The outgoing channel of pmacct's dead letters, named after its topic ({@code Topics.NETWORK_PMACCT_DLQ}). */
    static final String PMACCT_DEAD_LETTERS = "apiguard.network.pmacct.dlq";

    /** The outgoing channel of Hubble's dead letters, named after its topic ({@code Topics.NETWORK_HUBBLE_DLQ}). */
    static final String HUBBLE_DEAD_LETTERS = "apiguard.network.hubble.dlq";

    /**
     * Room for every send of the batches in flight (two channels, {@code max.poll.records} each, one retry's resends)
     * when the broker is slow to acknowledge (the sink holds 4,096 in flight): beyond it a send is refused at once and its batch retried.
     */
    private static final int BUFFER = 10_000;

    private final Emitter<NetworkFlow> flows;
    private final Emitter<String> pmacctDeadLetters;
    private final Emitter<String> hubbleDeadLetters;

    NetworkFlowProducer(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                    Emitter<NetworkFlow> flows,
            @Channel(PMACCT_DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                    Emitter<String> pmacctDeadLetters,
            @Channel(HUBBLE_DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                    Emitter<String> hubbleDeadLetters) {
        this.flows = flows;
        this.pmacctDeadLetters = pmacctDeadLetters;
        this.hubbleDeadLetters = hubbleDeadLetters;
    }

    /**
     * Sends {@code flow} at once; completes when the broker has it, fails with the producer's error when it gave up
     * ({@code delivery.timeout.ms}) or refused it, and throws when the emitter refuses at once (its buffer full).
     */
    public CompletableFuture<Void> publish(NetworkFlow flow) {
        return KafkaSends.acknowledged(flows, flow, flow.sourceIp());
    }

    /**
     * Sends {@code record} of {@code collector}'s raw topic to that topic's {@code .dlq} at once, as it came, as
     * SmallRye's dead-letter-queue strategy writes a nacked record (what the record-at-a-time adapter did): same key,
     * the {@code dead-letter-exception-class-name} and {@code -reason} headers ({@code -cause-class-name} and
     * {@code -cause} when {@code failure} has a cause), {@code -topic}, {@code -partition}, {@code -offset}, then the
     * record's own headers. Completes when the broker has it.
     */
    public CompletableFuture<Void> deadLetter(String collector, KafkaRecord<String, String> record, Throwable failure) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, DeadLetterHeaders.EXCEPTION_CLASS_NAME, failure.getClass().getName());
        add(headers, DeadLetterHeaders.REASON, message(failure));
        if (failure.getCause() != null) {
            add(
                    headers,
                    DeadLetterHeaders.CAUSE_CLASS_NAME,
                    failure.getCause().getClass().getName());
            add(headers, DeadLetterHeaders.CAUSE, message(failure.getCause()));
        }
        add(headers, DeadLetterHeaders.TOPIC, record.getTopic());
        add(headers, DeadLetterHeaders.PARTITION, Integer.toString(record.getPartition()));
        record.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(kafka -> add(headers, DeadLetterHeaders.OFFSET, Long.toString(kafka.getOffset())));
        record.getHeaders().forEach(headers::add);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> letter = Message.of(record.getPayload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.getKey())
                        .withHeaders(headers)
                        .build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(error -> {
                    acked.completeExceptionally(error);
                    return CompletableFuture.completedFuture(null);
                });
        (NetworkFlow.HUBBLE.equals(collector) ? hubbleDeadLetters : pmacctDeadLetters).send(letter);
        return acked;
    }

    /** SmallRye's reason: the message, else the exception itself. */
    private static String message(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
