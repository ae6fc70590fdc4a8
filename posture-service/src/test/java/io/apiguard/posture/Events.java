package io.apiguard.posture;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.kafka.KafkaBrokerResource;

/** Publishes what discovery and logging would, on the real test broker. */
public final class Events implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());

    /** discovery announces an API. */
    public void upserted(ApiEndpoint endpoint) {
        send(Topics.INVENTORY, endpoint.id(), new InventoryChange(ChangeKind.UPSERTED, endpoint, Instant.now()));
    }

    /** discovery announces an API is gone. */
    public void removed(ApiEndpoint endpoint) {
        send(Topics.INVENTORY, endpoint.id(), new InventoryChange(ChangeKind.REMOVED, endpoint, Instant.now()));
    }

    /** logging publishes a normalized call. */
    public void call(NormalizedCall call) {
        send(Topics.CALLS_NORMALIZED, String.valueOf(call.call().identity().subject()), call);
    }

    /** Any text, e.g. a poison message. */
    public void raw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String topic, String key, Object event) {
        try {
            raw(topic, key, EventJson.mapper().writeValueAsString(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
