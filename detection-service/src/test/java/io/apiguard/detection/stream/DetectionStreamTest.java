package io.apiguard.detection.stream;

import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.EventTypes;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.correlation.EgressCorrelator;
import io.apiguard.detection.detectors.ObjectEnumerationDetector;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Calls published on the real broker become detections on the real broker and in PostgreSQL. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class DetectionStreamTest {

    private StreamSupport stream;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connect() {
        stream = new StreamSupport();
    }

    @AfterEach
    void disconnect() {
        stream.close();
    }

    @Test
    void anEnumeratingSubjectIsDetectedStoredAndPublishedWhileItsBusyTwinIsNot() throws Exception {
        // Given
        String attacker = "mallory-" + run;
        String twin = "alice-" + run;
        long now = System.currentTimeMillis();
        List<ApiCallRecord> calls = new ArrayList<>();

        // When both make 30 calls: the attacker walks account ids, the twin reads her own account
        for (int i = 0; i < 30; i++) {
            calls.add(TestCalls.by(attacker).ip("10.9.0.1").at(now + i).account(String.valueOf(5000 + i)));
            calls.add(TestCalls.by(twin).ip("10.9.0.2").at(now + i).account("5000"));
        }
        stream.publishAll(calls);

        // Then
        var received = stream.awaitRecord(d -> attacker.equals(d.subject()));
        Detection detection = StreamSupport.parse(received);
        assertThat(received.key()).isEqualTo(attacker);
        assertThat(received.header("ce_type")).isEqualTo(EventTypes.DETECTION);
        assertThat(detection.type()).isEqualTo(ObjectEnumerationDetector.TYPE);
        assertThat(detection.state()).isEqualTo(DetectionState.OPEN);
        assertThat(detection.clientIps()).containsExactly("10.9.0.1");
        assertThat(detection.owaspCategory()).isEqualTo("API1:2023");
        assertThat(detection.recommendedAction()).isEqualTo("block-subject");
        assertThat(detection.evidence().callIds()).isNotEmpty();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .queryParam("subject", attacker)
                        .get("/api/v1/detections")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(1))
                        .body("items[0].id", equalTo(detection.id())));
        asViewer()
                .get("/api/v1/detections/" + detection.id())
                .then()
                .statusCode(200)
                .body("type", equalTo("object-enumeration"))
                .body("subject", equalTo(attacker));
        asViewer()
                .queryParam("type", "object-enumeration")
                .queryParam("severity", "high")
                .queryParam("state", "open")
                .queryParam("from", Instant.ofEpochMilli(now - 60_000).toString())
                .get("/api/v1/detections")
                .then()
                .statusCode(200)
                .body("items.subject", hasItem(attacker));
        assertThat(stream.all(Duration.ofMillis(300))).noneMatch(d -> twin.equals(d.subject()));
        asViewer().queryParam("subject", twin).get("/api/v1/detections").then().body("total", equalTo(0));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        String attacker = "poisoned-" + run;
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBrokerResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dlq-" + run,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            dlq.subscribe(Set.of(Topics.CALLS_NORMALIZED_DLQ));

            // When a record that is not a call comes first on the attacker's partition
            stream.publishRaw(Topics.CALLS_NORMALIZED, attacker, "{\"call\": \"not a call\"");
            stream.publishAll(List.of(TestCalls.by(attacker)
                    .query("q=1' OR '1'='1")
                    .at(System.currentTimeMillis())
                    .raw("GET", "/search")));

            // Then it is dead-lettered and the call after it is still detected
            List<String> deadLetters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(record -> deadLetters.add(record.key()));
                return deadLetters.contains(attacker);
            });
            assertThat(stream.await(d -> attacker.equals(d.subject())).type()).isEqualTo("sql-injection");
        }
    }

    @Test
    void aFalsePositiveIsPublishedAndNotRaisedAgainForThatSubjectWhileItsEntryIsActive() throws Exception {
        // Given
        String subject = "tester-" + run;
        stream.publishAll(List.of(TestCalls.by(subject)
                .query("q=<script>alert(1)</script>")
                .at(System.currentTimeMillis())
                .raw("GET", "/search")));
        Detection xss =
                stream.await(d -> subject.equals(d.subject()) && d.type().equals("xss"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        asViewer().get("/api/v1/detections/" + xss.id()).then().statusCode(200));

        // When
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "pen test"))
                .post("/api/v1/detections/" + xss.id() + "/false-positive")
                .then()
                .statusCode(200)
                .body("state", equalTo("false-positive"));

        // Then the new state is published and stored
        stream.await(d -> xss.id().equals(d.id()) && d.state() == DetectionState.FALSE_POSITIVE);
        asViewer().get("/api/v1/detections/" + xss.id()).then().body("state", equalTo("false-positive"));

        // And the same payload no longer raises it, while another type still is
        stream.publishAll(List.of(
                TestCalls.by(subject)
                        .query("q=<script>alert(2)</script>")
                        .at(System.currentTimeMillis())
                        .raw("GET", "/s"),
                TestCalls.by(subject)
                        .query("file=../../etc/passwd")
                        .at(System.currentTimeMillis())
                        .raw("GET", "/s")));
        stream.await(d -> subject.equals(d.subject()) && d.type().equals("path-traversal"));
        List<Detection> xssVersions = stream.all(Duration.ofMillis(300)).stream()
                .filter(d -> subject.equals(d.subject()) && d.type().equals("xss"))
                .toList();
        assertThat(xssVersions.get(xssVersions.size() - 1).state()).isEqualTo(DetectionState.FALSE_POSITIVE);
        asViewer().get("/api/v1/detections/" + xss.id()).then().body("state", equalTo("false-positive"));
    }

    @Test
    void aFlaggedSubjectFollowedByUnusualEgressIsCorrelatedWithTheNetworkFlows() throws Exception {
        // Given a subject flagged for SSRF from 10.66.0.5
        String subject = "exfil-" + run;
        long now = System.currentTimeMillis();
        stream.publishAll(List.of(TestCalls.by(subject)
                .ip("10.66.0.5")
                .query("url=http://169.254.169.254/latest")
                .at(now)
                .raw("GET", "/fetch")));
        stream.await(d -> subject.equals(d.subject()) && d.type().equals("ssrf"));

        // When that address, and another one, each send 60 MB out
        stream.publish(new NetworkFlow(
                "10.66.0.6",
                41_000,
                "198.51.100.9",
                443,
                "tcp",
                60_000_000,
                10_000,
                Instant.ofEpochMilli(now),
                Instant.ofEpochMilli(now + 1000)));
        stream.publish(new NetworkFlow(
                "10.66.0.5",
                41_000,
                "198.51.100.9",
                443,
                "tcp",
                60_000_000,
                10_000,
                Instant.ofEpochMilli(now),
                Instant.ofEpochMilli(now + 1000)));

        // Then only the flagged one is a detection
        Detection egress = stream.await(d -> d.type().equals(EgressCorrelator.TYPE) && subject.equals(d.subject()));
        assertThat(egress.clientIps()).containsExactly("10.66.0.5");
        assertThat(egress.recommendedAction()).isEqualTo("block-ip");
        assertThat(stream.all(Duration.ofMillis(300)))
                .noneMatch(d -> d.clientIps().contains("10.66.0.6"));
    }

    @Test
    void statusReportsTheLevelFourEvidence() {
        asViewer()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .body("evidence.detection.detectorsEnabled", equalTo(11))
                .body("evidence.detection.detectorsTotal", equalTo(11))
                .body("evidence.detection.consumerLagSeconds", notNullValue())
                .body("evidence.detection.eventsPerSecond", notNullValue());
    }

    @Test
    void theDetectorViewShowsEveryDetectorWithItsSettings() {
        asViewer()
                .get("/api/v1/detectors")
                .then()
                .statusCode(200)
                .body("size()", equalTo(11))
                .body("find { it.name == 'sensitive-data' }.types", hasItem("new-data-class"))
                .body("find { it.name == 'object-enumeration' }.enabled", equalTo(true))
                .body("find { it.name == 'object-enumeration' }.settings.minDistinct", equalTo(30))
                .body("find { it.name == 'object-enumeration' }.owaspCategories[0]", equalTo("API1:2023"))
                .body("find { it.name == 'injection' }.types", hasItem("ssrf"));
    }

    @Test
    void badFiltersAndUnknownIdsAreProblems() {
        asViewer()
                .queryParam("severity", "apocalyptic")
                .get("/api/v1/detections")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asViewer()
                .queryParam("from", "yesterday")
                .get("/api/v1/detections")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asViewer().get("/api/v1/detections/no-such-id").then().statusCode(404).contentType("application/problem+json");
        // a page past any real listing is refused rather than scanned for
        asViewer()
                .queryParam("page", 1_000_001)
                .get("/api/v1/detections")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asViewer()
                .queryParam("page", 1_000_000)
                .get("/api/v1/detections")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
        asViewer()
                .queryParam("page", 2_147_483_647)
                .get("/api/v1/allowlist")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "not ours"))
                .post("/api/v1/detections/no-such-id/false-positive")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
