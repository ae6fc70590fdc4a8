package io.apiguard.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Topics;
import io.apiguard.logging.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Gateways publish on {@code apiguard.calls}: valid records are stored, invalid ones go to the DLQ with a reason. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class CallTopicIngestionTest {

    @Test
    void invalidMessagesGoToTheDeadLetterTopicWithTheirReasonAndTheStreamGoesOn() throws Exception {
        // Given
        ApiCallRecord before = TestCalls.gatewayCall(
                "gw.example", "/t/1", "203.0.113.9", Map.of("x-api-key", "ak-dana-personal-0002"));
        ApiCallRecord after = TestCalls.gatewayCall("gw.example", "/t/2", "203.0.113.9", Map.of());
        String notJson = "GET /t/3 200 " + after.id();
        String invalid = TestCalls.json(after)
                .replace("\"status\":200", "\"status\":700")
                .replace(
                        after.id().toString(),
                        "0d7a3c52-0000-4000-8000-" + after.id().toString().substring(24));

        try (TopicReader deadLetters = new TopicReader(Topics.CALLS_DLQ);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            // When
            producer.send(new ProducerRecord<>(Topics.CALLS, "203.0.113.9", TestCalls.json(before)))
                    .get();
            producer.send(new ProducerRecord<>(Topics.CALLS, "203.0.113.9", notJson))
                    .get();
            producer.send(new ProducerRecord<>(Topics.CALLS, "203.0.113.9", invalid))
                    .get();
            producer.send(new ProducerRecord<>(Topics.CALLS, "203.0.113.9", TestCalls.json(after)))
                    .get();

            // Then: both valid records stored, the identity resolved from the gateway's header, the key redacted
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(TestCalls.stored(before.id())).isNotNull();
                assertThat(TestCalls.stored(after.id())).isNotNull();
            });
            assertThat(TestCalls.stored(before.id()).call().identity().subject())
                    .isEqualTo("dana@fintech.example");
            assertThat(TestCalls.row(before.id())).doesNotContain("ak-dana-personal-0002");
            var letters = deadLetters.await(
                    record -> record.value().equals(notJson) || record.value().equals(invalid), 2);
            assertThat(letters)
                    .extracting(letter -> letter.header(CallTopicConsumer.REASON_HEADER))
                    .anySatisfy(reason -> assertThat(reason).startsWith("not valid JSON"))
                    .anySatisfy(reason -> assertThat(reason).isEqualTo("status must be an HTTP status (100-599): 700"));
            assertThat(letters).allSatisfy(letter -> assertThat(letter.key()).isEqualTo("203.0.113.9"));
        }
    }
}
