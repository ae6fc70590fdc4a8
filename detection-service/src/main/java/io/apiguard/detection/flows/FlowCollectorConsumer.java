package io.apiguard.detection.flows;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Topics;
import io.apiguard.support.messaging.CallerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * The flow adapters: reads the raw JSON of pmacct ({@code apiguard.network.pmacct}) and Hubble
 * ({@code apiguard.network.hubble}) one poll's batch at a time, maps every record of it, and sends every flow to
 * {@code apiguard.network} and every refused record to its topic's {@code .dlq} at once, through the Kafka producer's
 * own batching; the batch is acked when the broker has acknowledged all of them, never before. A record-at-a-time
 * consumer waiting for each flow's acknowledgement managed a few hundred flows/s, far below one nfacctd's export.
 *
 * <p>A record that is not a flow of its collector (not JSON, no addresses, a bad port, an end before its start, ...)
 * is dead-lettered alone with the reason, as it came (the headers SmallRye's dead-letter strategy writes), and the
 * rest of its batch goes on. Records that are well formed but carry no flow to map (pmacct's purge markers, Hubble's
 * replies, drops and node status lines) are acked and counted. A flow the broker refuses for what it is (too large,
 * not serializable) is dead-lettered too, with the producer's error. Any other failure of a send (the broker away
 * past {@code delivery.timeout.ms}, the producer's buffer full) fails the attempt: after a backoff, whatever the
 * broker has not acknowledged yet is sent again in the batch's order, as long as it takes, and the batch waits
 * unacked, so a restart in between reads it again (at least once: a flow may then appear twice, never not at all).
 */
@ApplicationScoped
public class FlowCollectorConsumer {

    private static final Logger LOGGER = Logger.getLogger(FlowCollectorConsumer.class);

    /** First wait before a failed batch is sent again; doubles up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * The raw formats' mapper: unknown fields ignored (collectors add primitives), but a record is one JSON object (no
     * trailing tokens) and a port is an integer (80.7 is refused, not truncated).
     */
    private static final ObjectMapper RAW = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final NetworkFlowProducer producer;
    private final MeterRegistry registry;
    private final Clock clock;

    FlowCollectorConsumer(NetworkFlowProducer producer, MeterRegistry registry) {
        this.producer = producer;
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    @Incoming(Topics.NETWORK_PMACCT)
    public Uni<Void> consumePmacct(KafkaRecordBatch<String, String> batch) {
        return adapt(batch, NetworkFlow.PMACCT, this::parsePmacct);
    }

    @Incoming(Topics.NETWORK_HUBBLE)
    public Uni<Void> consumeHubble(KafkaRecordBatch<String, String> batch) {
        return adapt(batch, NetworkFlow.HUBBLE, this::parseHubble);
    }

    private Uni<Void> adapt(
            KafkaRecordBatch<String, String> batch, String collector, Function<String, Optional<NetworkFlow>> parser) {
        List<Outcome> outcomes = new ArrayList<>(batch.getRecords().size());
        int skipped = 0;
        for (KafkaRecord<String, String> record : batch) {
            try {
                Optional<NetworkFlow> flow = parser.apply(record.getPayload());
                if (flow.isPresent()) {
                    outcomes.add(new Outcome(record, flow.get(), null));
                } else {
                    skipped++;
                }
            } catch (InvalidFlowException invalid) {
                LOGGER.debugf(
                        "Refused a %s record from %s-%d: %s",
                        collector, record.getTopic(), record.getPartition(), invalid.getMessage());
                outcomes.add(new Outcome(record, null, invalid));
            }
        }
        int skippedRecords = skipped;
        return Uni.createFrom()
                .deferred(() -> sendPending(collector, outcomes))
                .onFailure()
                .invoke(failure -> {
                    registry.counter("apiguard.detection.flows.send-failures", "collector", collector)
                            .increment();
                    LOGGER.warnf(
                            "The broker did not take every flow and dead letter of a %s batch (%s); sending the rest"
                                    + " again",
                            collector, failure.toString());
                })
                .onFailure()
                .retry()
                .withBackOff(FIRST_BACKOFF, MAX_BACKOFF)
                .indefinitely()
                .plug(CallerContext.resume())
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                .invoke(() -> count(collector, outcomes, skippedRecords));
    }

    /**
     * Sends, in the batch's order, every flow and dead letter the broker has not acknowledged yet; completes when all
     * of them are acknowledged, fails once every send has an answer and one of them failed.
     */
    private Uni<Void> sendPending(String collector, List<Outcome> outcomes) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.acknowledged) {
                continue;
            }
            CompletableFuture<Void> sent;
            try {
                sent = outcome.flow != null
                        ? producer.publish(outcome.flow)
                        : producer.deadLetter(collector, outcome.record, outcome.refusal);
            } catch (RuntimeException refusedAtOnce) {
                sent = CompletableFuture.failedFuture(refusedAtOnce);
            }
            sends.add(sent.whenComplete((ignored, failure) -> outcome.answered(failure)));
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
    }

    private void count(String collector, List<Outcome> outcomes, int skipped) {
        long refused = outcomes.stream().filter(outcome -> outcome.flow == null).count();
        registry.counter("apiguard.detection.flows.mapped", "collector", collector)
                .increment(outcomes.size() - refused);
        registry.counter("apiguard.detection.flows.refused", "collector", collector)
                .increment(refused);
        registry.counter("apiguard.detection.flows.skipped", "collector", collector)
                .increment(skipped);
    }

    /**
     * What one raw record of a batch becomes: a flow, or a dead letter with its reason; and whether the broker has it.
     * Answers arrive on the producer's thread; the next attempt reads them after the previous one completed.
     */
    private static final class Outcome {
        final KafkaRecord<String, String> record;
        volatile NetworkFlow flow;
        volatile Throwable refusal;
        volatile boolean acknowledged;

        Outcome(KafkaRecord<String, String> record, NetworkFlow flow, Throwable refusal) {
            this.record = record;
            this.flow = flow;
            this.refusal = refusal;
        }

        void answered(Throwable failure) {
            if (failure == null) {
                acknowledged = true;
            } else if (flow != null && refusesTheRecordItself(unwrapped(failure))) {
                // sending it again would fail again: its raw record goes to the dead-letter topic with the error
                refusal = unwrapped(failure);
                flow = null;
            }
        }
    }

    /**
     * Errors about the record itself, not the broker's state: no retry can succeed. Looked for along the causes: the
     * connector may hand its own error (retries exhausted) with the producer's as its cause. Not
     * {@code InvalidRecordException}: the broker answers with it for its own topic settings too (a timestamp out of
     * the topic's range), which an operator fixes, and a flow always has a key and a timestamp.
     */
    static boolean refusesTheRecordItself(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    Optional<NetworkFlow> parsePmacct(String payload) {
        return PmacctFlows.toFlow(read(payload, PmacctFlowRecord.class, "pmacct record"), clock.instant());
    }

    Optional<NetworkFlow> parseHubble(String payload) {
        JsonNode line = read(payload, JsonNode.class, "Hubble line");
        if (!line.isObject()) {
            throw new InvalidFlowException("a Hubble line must be a JSON object");
        }
        HubbleFlow.Line event;
        if (line.has("flow")) {
            event = convert(line, HubbleFlow.Line.class);
        } else if (line.has("IP") || line.has("l4")) {
            // a bare Flow, as some tools write it
            event = new HubbleFlow.Line(convert(line, HubbleFlow.class), null, null);
        } else if (line.has("node_status") || line.has("lost_events") || line.has("agent_event")) {
            return Optional.empty();
        } else {
            throw new InvalidFlowException("the line carries no flow");
        }
        return HubbleFlows.toFlow(event, clock.instant());
    }

    private static <T> T read(String payload, Class<T> type, String what) {
        if (payload == null || payload.isBlank()) {
            throw new InvalidFlowException("empty record");
        }
        try {
            T value = RAW.readValue(payload, type);
            if (value == null) {
                throw new InvalidFlowException("a " + what + " must be a JSON object, not null");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw new InvalidFlowException("not a " + what + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidFlowException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return RAW.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidFlowException("not a Hubble flow: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }
}
