package io.apiguard.logging.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.EventTypes;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The plumbing every service builds on, end to end on real infrastructure: a call record leaves on one channel as a
 * CloudEvent, crosses the real Kafka broker, arrives on another channel and is persisted through Hibernate Reactive
 * into the real PostgreSQL database.
 */
@QuarkusTest
@TestProfile(InfrastructurePlumbingTest.PlumbingChannels.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class InfrastructurePlumbingTest {

    static final String OUTGOING = "plumbing-out";
    static final String INCOMING = "plumbing-in";
    private static final String TOPIC = "apiguard.test.plumbing";
    private static final String SOURCE = "/apiguard/logging-service/plumbing-test";

    /** Wires the two test channels to one topic of the real broker, the outgoing one as CloudEvents. */
    public static class PlumbingChannels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing." + OUTGOING + ".topic", TOPIC,
                    "mp.messaging.outgoing." + OUTGOING + ".cloud-events-type", EventTypes.CALL,
                    "mp.messaging.outgoing." + OUTGOING + ".cloud-events-source", SOURCE,
                    "mp.messaging.incoming." + INCOMING + ".topic", TOPIC,
                    "mp.messaging.incoming." + INCOMING + ".auto.offset.reset", "earliest");
        }
    }

    @Inject
    @Channel(OUTGOING)
    Emitter<ApiCallRecord> emitter;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void aCallRecordCrossesTheBrokerAsACloudEventAndIsPersistedInPostgres() throws Exception {
        // Given
        UUID callId = UUID.randomUUID();
        ApiCallRecord call = objectMapper.readValue(callJson(callId), ApiCallRecord.class);

        // When
        emitter.send(Message.of(call).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(call.identity().subject())
                .build()));

        // Then
        PlumbingProbe probe = await().atMost(Duration.ofSeconds(30))
                .until(() -> findProbe(callId), found -> found != null);
        assertThat(probe.subject).isEqualTo("alex.s@accounting-xyz");
        assertThat(probe.kafkaKey).isEqualTo("alex.s@accounting-xyz");
        assertThat(probe.cloudEventType).isEqualTo(EventTypes.CALL);
        assertThat(probe.cloudEventSource).isEqualTo(SOURCE);
        assertThat(probe.cloudEventId).isNotBlank();
        assertThat(objectMapper.readValue(probe.payload, ApiCallRecord.class)).isEqualTo(call);
        assertThat(PostgresResource.database().queryForString(
                "select subject from plumbing_probe where call_id = '" + callId + "'"))
                .as("the row is in the real database, not only in a Hibernate session")
                .isEqualTo("alex.s@accounting-xyz");
    }

    private static PlumbingProbe findProbe(UUID callId) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> PlumbingProbe.findById(callId)));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String callJson(UUID callId) {
        return """
                {
                  "id": "%s",
                  "timestamp": "2026-11-22T10:15:30.123Z",
                  "durationMicros": 1830,
                  "api": {"host": "api.fintech.example", "method": "GET", "path": "/accounts/1044/statements",
                          "pathTemplate": "/accounts/{id}/statements", "apiId": "api-accounts-statements"},
                  "source": {"clientIp": "203.0.113.7", "forwardedFor": ["203.0.113.7"], "userAgent": "fintech-app/4.2"},
                  "destination": {"service": "accounts", "namespace": "payments", "pod": "accounts-7d9f-abc12"},
                  "identity": {"subject": "alex.s@accounting-xyz", "displayName": "Alex S", "principalType": "user",
                               "authMethod": "jwt", "serviceAccount": "FinTech_User_01", "organisation": "accounting-xyz",
                               "roles": ["accountant"], "credentialFingerprint": "sha256:4f2a9c01", "verified": true},
                  "status": 200,
                  "requestBytes": 0,
                  "responseBytes": 5120,
                  "objects": [{"resourceType": "accounts", "objectId": "1044"}],
                  "decision": {"outcome": "allowed"},
                  "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                }
                """.formatted(callId);
    }
}
