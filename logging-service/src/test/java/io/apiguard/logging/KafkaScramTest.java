package io.apiguard.logging;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.asSidecar;
import static io.apiguard.logging.TestCalls.gatewayCall;
import static io.apiguard.logging.TestCalls.json;
import static io.apiguard.testing.contract.Management.management;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Topics;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.ScramKafkaResource;
import io.apiguard.testing.kafka.SharedKafkaBroker;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Kafka client authentication as the chart configures it: logging-service reaches the broker only through a listener
 * that authenticates with SCRAM-SHA-512, as a user of its own. Its readiness check, its consumers and its producer all
 * authenticate; a client with the wrong password is refused by the same listener.
 */
@QuarkusTest
@TestProfile(KafkaScramTest.ScramKafka.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class KafkaScramTest {

    /** The SCRAM listener, after the shared broker's plain one (test profile resources start last). */
    public static class ScramKafka implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScramKafkaResource.class));
        }
    }

    @Test
    void theAppIsReadyAndPublishesOverTheAuthenticatedListenerOnly() {
        // Given: the app knows only the authenticating listener
        assertThat(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .isEqualTo(SharedKafkaBroker.listeners().scramBootstrapServers());
        assertThat(ConfigProvider.getConfig().getValue("kafka.security.protocol", String.class))
                .isEqualTo("SASL_PLAINTEXT");

        // Then: the readiness check's admin client authenticated
        management()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Kafka connection health check' }.status", equalTo("UP"));

        // And the producer: an ingested call reaches the normalized stream
        ApiCallRecord call = gatewayCall("api.example", "/scram/1", "203.0.113.9", Map.of());
        try (TopicReader normalized = new TopicReader(Topics.CALLS_NORMALIZED)) {
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(json(List.of(call)))
                    .post(BATCH)
                    .then()
                    .statusCode(202);
            normalized.await(record -> record.value().contains(call.id().toString()), 1);
        }
    }

    @Test
    void aClientWithTheWrongPasswordIsRefused() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafkaBroker.listeners().scramBootstrapServers(),
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ScramKafkaResource.USER
                        + "\" password=\"not-the-password\";",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                10_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.CALLS, "forged"))
                            .get(15, TimeUnit.SECONDS))
                    .isInstanceOfAny(ExecutionException.class, SaslAuthenticationException.class)
                    .satisfies(failure -> assertThat(failure).hasStackTraceContaining("Authentication failed"));
        }
    }
}
