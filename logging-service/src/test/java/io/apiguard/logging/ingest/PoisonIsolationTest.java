package io.apiguard.logging.ingest;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.asSidecar;
import static io.apiguard.logging.TestCalls.json;
import static io.apiguard.logging.TestCalls.storedCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.events.Topics;
import io.apiguard.logging.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * One poison record among 999 good ones costs only itself, over HTTP and on {@code apiguard.calls}: 999 stored and
 * published once each, the poison refused by its index (or dead-lettered with its reason), never a 5xx, never a retry
 * of the good ones.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class PoisonIsolationTest {

    private static final int GOOD = 999;
    private static final int POISON_AT = 517;

    static Stream<Arguments> poisons() {
        return Stream.of(
                Arguments.of(
                        "a NUL in the subject",
                        (UnaryOperator<String>) json -> json.replace(
                                "\"subject\":\"alex@example.com\"", "\"subject\":\"alex\\u0000@example.com\""),
                        "identity.subject carries a control character (U+0000 at 4)"),
                Arguments.of(
                        "a NUL in a header",
                        (UnaryOperator<String>) json ->
                                json.replace("\"status\"", "\"headers\":{\"x-end-user\":\"bea\\u0000\"},\"status\""),
                        "headers.x-end-user carries a control character (U+0000 at 3)"),
                Arguments.of(
                        "a record over 1 MB",
                        (UnaryOperator<String>) json ->
                                json.replace("\"status\"", "\"padding\":\"" + "x".repeat(1_048_576) + "\",\"status\""),
                        "the record is "),
                Arguments.of(
                        "a client address that is no IP",
                        (UnaryOperator<String>)
                                json -> json.replace("\"clientIp\":\"203.0.113.7\"", "\"clientIp\":\"evil.example\""),
                        "source.clientIp must be an IP address literal"),
                Arguments.of(
                        "a timestamp a day ahead",
                        (UnaryOperator<String>) json -> json.replaceFirst(
                                "\"timestamp\":\"[^\"]+\"",
                                "\"timestamp\":\""
                                        + Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                                        + "\""),
                        "timestamp "),
                Arguments.of(
                        "a method that is no token",
                        (UnaryOperator<String>)
                                json -> json.replace("\"method\":\"GET\"", "\"method\":\"GET /admin HTTP/1.1\""),
                        "api.method must be"),
                Arguments.of(
                        "a record nested 10,000 deep",
                        (UnaryOperator<String>) json -> json.replace(
                                "\"status\"", "\"extra\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"status\""),
                        "the record is nested deeper than 16 levels"),
                Arguments.of(
                        "a status of the wrong type",
                        (UnaryOperator<String>) json -> json.replace("\"status\":200", "\"status\":{\"code\":200}"),
                        "Cannot deserialize"),
                // valid, but its objects cannot be built (a blank segment names the type): normalization's own
                // failure costs the record, not the batch
                Arguments.of(
                        "a path normalization cannot take",
                        (UnaryOperator<String>)
                                json -> json.replaceFirst("\"path\":\"[^\"]+\"", "\"path\":\"/ /1044\""),
                        "the record could not be normalized (IllegalArgumentException)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poisons")
    void onePoisonRecordAmong999GoodOnesOverHttp(String poison, UnaryOperator<String> spoil, String reason) {
        // Given
        List<ApiCallRecord> good = good();
        List<String> records =
                new ArrayList<>(good.stream().map(TestCalls::json).toList());
        ApiCallRecord victim = captured();
        records.add(POISON_AT, spoil.apply(json(victim)));
        // bytes: RestAssured leaves them as they are (a JSON string body it may pretty-print, 10,000 levels deep)
        byte[] body = ("[" + String.join(",", records) + "]").getBytes(StandardCharsets.UTF_8);
        Set<String> goodIds = ids(good);

        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            // When / Then
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post(BATCH)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("accepted", equalTo(GOOD))
                    .body("stored", equalTo(GOOD))
                    .body("errors", hasSize(1))
                    .body("errors.index", contains(POISON_AT))
                    .body("errors[0].detail", startsWith(reason));
            assertThat(storedCount(good.stream().map(ApiCallRecord::id).toList()))
                    .isEqualTo(GOOD);
            assertThat(TestCalls.stored(victim.id())).isNull();
            // each good record reaches the stream, once
            topic.await(event -> goodIds.contains(idOf(event.value())), GOOD, Duration.ofSeconds(60));
            List<TopicReader.Received> events = topic.all(Duration.ofMillis(300)).stream()
                    .filter(event -> goodIds.contains(idOf(event.value())))
                    .toList();
            assertThat(events).hasSize(GOOD);
            assertThat(new HashSet<>(
                            events.stream().map(event -> idOf(event.value())).toList()))
                    .hasSize(GOOD);
        }

        // And a resend of the same batch stores and publishes nothing again
        asSidecar()
                .contentType(ContentType.JSON)
                .body(body)
                .post(BATCH)
                .then()
                .statusCode(400)
                .body("stored", equalTo(0));
    }

    @Test
    void onePoisonRecordAmong999GoodOnesOnTheTopic() throws Exception {
        // Given
        List<ApiCallRecord> good = good();
        ApiCallRecord victim = captured();
        String poison = json(victim).replace("\"status\"", "\"headers\":{\"x-end-user\":\"bea\\u0000\"},\"status\"");
        ApiCallRecord unnormalizable = captured();
        String blankSegment = json(unnormalizable).replaceFirst("\"path\":\"[^\"]+\"", "\"path\":\"/ /1044\"");

        try (TopicReader deadLetters = new TopicReader(Topics.CALLS_DLQ);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KafkaBrokerResource.bootstrapServers(),
                                ProducerConfig.LINGER_MS_CONFIG,
                                20),
                        new StringSerializer(),
                        new StringSerializer())) {
            // When
            for (int i = 0; i < GOOD; i++) {
                if (i == POISON_AT) {
                    producer.send(new ProducerRecord<>(Topics.CALLS, "gw-1", poison));
                    producer.send(new ProducerRecord<>(Topics.CALLS, "gw-1", blankSegment));
                }
                producer.send(new ProducerRecord<>(Topics.CALLS, "gw-1", json(good.get(i))));
            }
            producer.flush();

            // Then: the poison dead-lettered as sent, with its reason; the 999 stored
            TopicReader.Received letter = deadLetters
                    .await(record -> record.value().equals(poison), 1)
                    .get(0);
            assertThat(letter.header(CallTopicConsumer.REASON_HEADER))
                    .isEqualTo("headers.x-end-user carries a control character (U+0000 at 3)");
            assertThat(letter.key()).isEqualTo("gw-1");
            assertThat(deadLetters
                            .await(record -> record.value().equals(blankSegment), 1)
                            .get(0)
                            .header(CallTopicConsumer.REASON_HEADER))
                    .isEqualTo("the record could not be normalized (IllegalArgumentException)");
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(storedCount(
                                    good.stream().map(ApiCallRecord::id).toList()))
                            .isEqualTo(GOOD));
            assertThat(TestCalls.stored(victim.id())).isNull();
            assertThat(TestCalls.stored(unnormalizable.id())).isNull();
        }
    }

    /** 999 ordinary records, as the test sidecar captures them. */
    private static List<ApiCallRecord> good() {
        List<ApiCallRecord> good = new ArrayList<>(GOOD);
        for (int i = 0; i < GOOD; i++) {
            good.add(captured());
        }
        return good;
    }

    private static ApiCallRecord captured() {
        Identity alex = new Identity(
                "alex@example.com",
                null,
                PrincipalType.USER,
                AuthMethod.JWT,
                null,
                null,
                List.of(),
                "sha256:0123456789abcdef",
                true);
        return TestCalls.capturedCall(
                "api.example",
                "/poison/" + UUID.randomUUID(),
                alex,
                200,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static Set<String> ids(List<ApiCallRecord> calls) {
        Set<String> ids = new HashSet<>();
        calls.forEach(call -> ids.add(call.id().toString()));
        return ids;
    }

    /** The call id of a normalized call's JSON, found without parsing it. */
    private static String idOf(String json) {
        int at = json.indexOf("\"id\":\"");
        return at < 0 ? "" : json.substring(at + 6, at + 42);
    }
}
