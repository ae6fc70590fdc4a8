package io.apiguard.testing.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.awaitility.Awaitility;

/**
 * Reads a topic of the test broker from its start, in a consumer group of its own, keeping every record as text so a
 * test can look at exactly what went over the wire (keys, headers, payload bytes). Not thread-safe: one test, one
 * reader.
 */
public final class TopicReader implements AutoCloseable {

    /** A record as it came off the broker. */
    public record Received(String key, Map<String, String> headers, String value) {

        /** The header's value, or null. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new ArrayList<>();

    public TopicReader(String topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBrokerResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(Set.of(topic));
    }

    /** Polls until at least {@code count} records match {@code condition}; returns the matching ones. */
    public List<Received> await(Predicate<Received> condition, int count, Duration atMost) {
        return Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            poll();
                            return received.stream().filter(condition).toList();
                        },
                        matching -> matching.size() >= count);
    }

    /** Polls until at least {@code count} records match {@code condition}, for up to 30 s. */
    public List<Received> await(Predicate<Received> condition, int count) {
        return await(condition, count, Duration.ofSeconds(30));
    }

    /** Every record received so far, after polling once more for {@code wait}. */
    public List<Received> all(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            poll();
        } while (System.nanoTime() < deadline);
        return List.copyOf(received);
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(
                        header.key(),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
            received.add(new Received(record.key(), headers, record.value()));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
