package io.apiguard.detection.flows;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The flow adapters: reads the raw JSON of pmacct ({@code apiguard.network.pmacct}) and Hubble
 * ({@code apiguard.network.hubble}) one record at a time, and publishes each record's flow on {@code apiguard.network}
 * before acking it. A record that is not a flow of its collector (not JSON, no addresses, a bad port, an end before
 * its start, ...) is nacked with the reason, which the channel's dead-letter strategy sends to the topic's
 * {@code .dlq} as it came, and the partition goes on. Records that are well formed but carry no flow to map (pmacct's
 * purge markers, Hubble's replies, drops and node status lines) are acked and counted. A flow the broker does not
 * take is dead-lettered too, with the producer's error: never lost, never blocking the partition.
 */
@ApplicationScoped
public class FlowCollectorConsumer {

    private static final Logger LOGGER = Logger.getLogger(FlowCollectorConsumer.class);

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
    public Uni<Void> consumePmacct(Message<String> message) {
        return adapt(message, NetworkFlow.PMACCT, this::parsePmacct);
    }

    @Incoming(Topics.NETWORK_HUBBLE)
    public Uni<Void> consumeHubble(Message<String> message) {
        return adapt(message, NetworkFlow.HUBBLE, this::parseHubble);
    }

    private Uni<Void> adapt(Message<String> message, String collector, Function<String, Optional<NetworkFlow>> parser) {
        return Consumers.parseThenAck(
                message,
                raw -> parser.apply(raw.getPayload()),
                invalid -> {
                    registry.counter("apiguard.detection.flows.refused", "collector", collector)
                            .increment();
                    LOGGER.debugf("Refused a %s record: %s", collector, invalid.getMessage());
                },
                OnFailure.NACK,
                flow -> {
                    if (flow.isEmpty()) {
                        registry.counter("apiguard.detection.flows.skipped", "collector", collector)
                                .increment();
                        return Uni.createFrom().voidItem();
                    }
                    return producer.publish(flow.get())
                            .invoke(() -> registry.counter("apiguard.detection.flows.mapped", "collector", collector)
                                    .increment());
                });
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
