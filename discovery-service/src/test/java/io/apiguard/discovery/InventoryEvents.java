package io.apiguard.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.kafka.KafkaBrokerResource;

/** Reads {@code apiguard.inventory} from the real broker, from the start, in a group of its own. */
public final class InventoryEvents implements AutoCloseable {

    /** An inventory event as it came off the broker: key, CloudEvents type header and payload. */
    public record Received(String key, String type, InventoryChange change) {}

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new ArrayList<>();

    public InventoryEvents() {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBrokerResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(Set.of(Topics.INVENTORY));
    }

    /** Polls until an event matching {@code condition} arrived, and returns it. */
    public Received awaitEvent(Predicate<Received> condition) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            poll();
                            return received.stream()
                                    .filter(condition)
                                    .reduce((first, second) -> second)
                                    .orElse(null);
                        },
                        found -> found != null);
    }

    /** The spec of the first event for an API of {@code host} that carries one (read or in error). */
    public ApiEndpoint.Spec awaitSpec(String host) {
        return awaitEvent(event -> event.change().endpoint().host().equals(host)
                        && event.change().endpoint().spec() != null)
                .change()
                .endpoint()
                .spec();
    }

    /** Every event received so far, after polling what the broker has now. */
    public List<Received> received() throws Exception {
        poll();
        return List.copyOf(received);
    }

    private void poll() throws Exception {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            Header type = record.headers().lastHeader("ce_type");
            received.add(new Received(
                    record.key(),
                    type == null ? null : new String(type.value()),
                    EventJson.mapper().readValue(record.value(), InventoryChange.class)));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
