package io.apiguard.discovery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.kafka.KafkaBrokerResource;

/** Publishes normalized calls on {@code apiguard.calls.normalized} of the real broker, as logging-service does. */
public final class CallPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());

    /** A successful call by a verified user to {@code method host path}, acknowledged by the broker. */
    public void publish(String host, String method, String path) throws Exception {
        NormalizedCall call = call(host, method, path);
        raw(call.call().identity().subject(), EventJson.mapper().writeValueAsString(call));
    }

    /** Any record, e.g. one that is not a call. */
    public void raw(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CALLS_NORMALIZED, key, value)).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close();
    }

    private static NormalizedCall call(String host, String method, String path) {
        Identity identity = new Identity(
                "alex.s@accounting-xyz",
                null,
                PrincipalType.USER,
                AuthMethod.JWT,
                "FinTech_User_01",
                null,
                List.of(),
                null,
                true);
        ApiCallRecord record = new ApiCallRecord(
                UUID.randomUUID(),
                Instant.now(),
                900,
                new ApiCallRecord.Api(host, method, path, null, null, null),
                null,
                null,
                identity,
                200,
                0,
                128,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);
        return new NormalizedCall(record, List.of(), Instant.now());
    }
}
