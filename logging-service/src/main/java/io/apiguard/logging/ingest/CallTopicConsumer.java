package io.apiguard.logging.ingest;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Topics;
import io.apiguard.logging.pipeline.CallPipeline;
import io.apiguard.logging.pipeline.Sender;
import io.apiguard.support.messaging.Consumers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Call records from gateways and other producers on {@code apiguard.calls}, consumed in batches (one insert per poll).
 * Records are read as text and checked here one by one, as the HTTP batch's are, so an invalid one goes to
 * {@code apiguard.calls.dlq} as it was sent, with the reason in the {@code dead-letter-reason} header, while the rest of
 * its batch is stored. When storing fails (the
 * database is down) the batch is retried with backoff and the partition waits: nothing is skipped.
 */
@ApplicationScoped
public class CallTopicConsumer {

    /** Header of a dead letter saying why it was refused. */
    public static final String REASON_HEADER = Consumers.DeadLetterHeaders.REASON;

    /** {@code apiguard.calls.dlq}, spelled out because channel annotations need a constant. */
    static final String DEAD_LETTER_CHANNEL = "apiguard.calls.dlq";

    private static final Logger LOGGER = Logger.getLogger(CallTopicConsumer.class);

    private final CallBatchParser parser;
    private final CallPipeline pipeline;
    private final MutinyEmitter<String> deadLetters;
    private final Counter refused;

    CallTopicConsumer(
            CallBatchParser parser,
            CallPipeline pipeline,
            @Channel(DEAD_LETTER_CHANNEL) MutinyEmitter<String> deadLetters,
            MeterRegistry registry) {
        this.parser = parser;
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.refused = Counter.builder("apiguard.logging.calls.refused")
                .tag("source", "kafka")
                .description("Invalid call records refused by index")
                .register(registry);
    }

    @Incoming(Topics.CALLS)
    @Retry(maxRetries = 1_000, delay = 500, maxDuration = 1, durationUnit = ChronoUnit.DAYS)
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<ApiCallRecord> valid = new ArrayList<>();
        List<KafkaRecord<String, String>> messages = new ArrayList<>();
        List<Uni<Void>> refusals = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                if (record.getPayload() == null) {
                    throw new CallBatchParser.InvalidRecordException("empty message");
                }
                valid.add(parser.parseOne(record.getPayload()));
                messages.add(record);
            } catch (CallBatchParser.InvalidRecordException e) {
                refusals.add(deadLetter(record, e.getMessage()));
            }
        }
        // Producers on the topic have no connection to us and no workload token: no record's identity is taken on its
        // word and no proxy is trusted, identities come from the credential headers alone.
        return pipeline.ingest(valid, Sender.topic()).chain(outcome -> {
            List<Uni<Void>> letters = new ArrayList<>(refusals);
            outcome.failures()
                    .forEach(failure -> letters.add(deadLetter(messages.get(failure.position()), failure.reason())));
            return letters.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(letters).andFailFast().replaceWithVoid();
        });
    }

    private Uni<Void> deadLetter(KafkaRecord<String, String> record, String reason) {
        refused.increment();
        LOGGER.debugf("Refused a call record from %s-%d: %s", record.getTopic(), record.getPartition(), reason);
        return deadLetters.sendMessage(
                Consumers.deadLetter(record, record.getPayload() == null ? "" : record.getPayload(), reason));
    }
}
