package io.apiguard.detection.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;

/**
 * Publishes calls and flows on the real broker and reads detections back, for every test that drives the stream. One
 * per test; not thread-safe.
 */
public final class StreamSupport implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaBrokerResource.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG,
                    "5"),
            new StringSerializer(),
            new StringSerializer());
    public final TopicReader detections = new TopicReader(Topics.DETECTIONS);

    /** The key logging-service uses: the subject, else {@code ip:<client address>} (unverified callers have no subject). */
    public static String key(ApiCallRecord call) {
        String subject = call.identity().subject();
        return subject != null ? subject : "ip:" + call.source().clientIp();
    }

    public void publish(ApiCallRecord call) {
        try {
            producer.send(new ProducerRecord<>(
                    Topics.CALLS_NORMALIZED,
                    key(call),
                    EventJson.mapper().writeValueAsString(new NormalizedCall(call, List.of(), Instant.now()))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publishAll(List<ApiCallRecord> calls) throws Exception {
        calls.forEach(this::publish);
        flush();
    }

    public void publishRaw(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    public void publish(NetworkFlow flow) throws Exception {
        publishRaw(Topics.NETWORK, flow.sourceIp(), EventJson.mapper().writeValueAsString(flow));
    }

    /** Partitions of the call stream (created on first use). */
    public int callPartitions() {
        return producer.partitionsFor(Topics.CALLS_NORMALIZED).size();
    }

    public void flush() {
        producer.flush();
    }

    public static Detection parse(TopicReader.Received received) {
        try {
            return EventJson.mapper().readValue(received.value(), Detection.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a detection matching {@code condition} on {@code apiguard.detections}; returns the first. */
    public TopicReader.Received awaitRecord(Predicate<Detection> condition) {
        return detections
                .await(received -> condition.test(parse(received)), 1, Duration.ofSeconds(30))
                .get(0);
    }

    public Detection await(Predicate<Detection> condition) {
        return parse(awaitRecord(condition));
    }

    /** Every detection received so far, after polling for {@code wait} more. */
    public List<Detection> all(Duration wait) {
        return detections.all(wait).stream().map(StreamSupport::parse).toList();
    }

    @Override
    public void close() {
        producer.close();
        detections.close();
    }
}
