package io.apiguard.e2e.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;

/**
 * Watches {@code apiguard.detections} from its start and notes when each subject was first detected: the record's
 * timestamp, set by detection-service when it produced the detection. That is the instant "blocked within a second of
 * the detection" is measured from.
 *
 * <p>Thread-safety: one daemon thread polls; {@link #firstDetected} may be read from any thread.
 */
public final class DetectionWatch implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Instant> firstDetected = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    public DetectionWatch(String bootstrapServers) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "e2e-detection-watch-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(Set.of(Topics.DETECTIONS));
        poller = new Thread(this::poll, "apiguard-e2e-detection-watch");
        poller.setDaemon(true);
        poller.start();
    }

    /** When {@code subject} was first detected, if it was. */
    public Instant firstDetected(String subject) {
        return firstDetected.get(subject);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    subjectOf(record.value())
                            .ifPresent(subject ->
                                    firstDetected.putIfAbsent(subject, Instant.ofEpochMilli(record.timestamp())));
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll up
        } finally {
            consumer.close();
        }
    }

    private static java.util.Optional<String> subjectOf(String value) {
        try {
            JsonNode detection = EventJson.mapper().readTree(value);
            JsonNode data = detection.has("data") ? detection.get("data") : detection;
            return java.util.Optional.ofNullable(data.path("subject").textValue());
        } catch (Exception notADetection) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
