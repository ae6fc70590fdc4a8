package io.apiguard.posture.maturity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.apiguard.posture.TestApis.api;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.status.DetectionFigures;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.posture.Events;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * {@code GET /api/v1/maturity} against real HTTP stubs of the other services: each level boundary, a service that
 * times out, one that answers garbage, and acknowledged critical findings that stop blocking Level 3 until they lapse.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StatusStubs.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class MaturityTest {

    private static final ApiEndpoint CLEAN =
            api().id("api-maturity-clean").host("clean.maturity.example").build();

    @Inject
    CircuitBreakerMaintenance breakers;

    private static Events events;

    @BeforeAll
    static void connect() {
        events = new Events();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @BeforeEach
    void oneCleanApiAndNoUnattendedCritical() {
        StatusStubs.reset();
        breakers.resetAll();
        events.upserted(CLEAN);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        asViewer().get("/api/v1/status").then().body("evidence.posture.apis", greaterThanOrEqualTo(1)));
        // Other test classes share this application: acknowledge whatever critical findings they left open.
        List<String> open = asViewer()
                .queryParam("severity", "critical")
                .queryParam("state", "open")
                .get("/api/v1/findings")
                .path("items.id");
        open.forEach(id -> asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "not this test's concern"))
                .post("/api/v1/findings/" + id + "/ack")
                .then()
                .statusCode(200));
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {0, 1, 3, 4, 5})
    void eachLevelBoundaryDecidedByTheServicesEvidence(int expected) {
        // Given every level up to `expected` holds and the next one just misses its threshold
        StatusStubs.answerUpTo(expected);

        // When
        JsonPath report = maturity();

        // Then
        assertThat(report.getInt("level")).isEqualTo(expected);
        for (int level = 1; level <= 5; level++) {
            // Level 3 is posture's own evidence: it holds here whatever the stubs say.
            assertThat(report.getBoolean("levels[" + (level - 1) + "].holds"))
                    .as("level " + level)
                    .isEqualTo(level <= expected || level == 3);
        }
        if (expected < 5) {
            assertThat(report.getString("levels[" + expected + "].reason")).contains("needs");
            assertThat(report.getString("nextStep")).isNotBlank();
        }
    }

    @Test
    void anOpenCriticalFindingStopsAtLevelTwoAndItsAcknowledgementLiftsThatUntilItLapses() {
        // Given every service's evidence holds, and an external API without TLS
        StatusStubs.answerUpTo(5);
        ApiEndpoint plain = api().id("api-maturity-plain")
                .host("plain.maturity.example")
                .tls(false)
                .build();
        events.upserted(plain);
        String findingId = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> asViewer()
                                .queryParam("api", plain.id())
                                .queryParam("rule", "APIG-TLS-001")
                                .queryParam("state", "open")
                                .get("/api/v1/findings")
                                .path("items[0].id"),
                        id -> id != null);
        try {
            // Then
            JsonPath blocked = maturity();
            assertThat(blocked.getInt("level")).isEqualTo(2);
            assertThat(blocked.getString("levels[2].reason")).contains("open unacknowledged critical findings");
            assertThat(blocked.getString("levels[2].nextStep")).contains("severity=critical");

            // When it is acknowledged for a few seconds
            asOperator()
                    .contentType("application/json")
                    .body(Map.of(
                            "reason",
                            "certificate ordered",
                            "until",
                            Instant.now().plusSeconds(3).toString()))
                    .post("/api/v1/findings/" + findingId + "/ack")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("acknowledged"));

            // Then it no longer blocks
            assertThat(maturity().getInt("level")).isEqualTo(5);

            // Until the acknowledgement lapses
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(maturity().getInt("level")).isEqualTo(2));
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> asViewer()
                            .get("/api/v1/findings/" + findingId)
                            .then()
                            .body("state", equalTo("open")));
        } finally {
            events.removed(plain);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .get("/api/v1/findings/" + findingId)
                            .then()
                            .body("state", equalTo("resolved")));
        }
    }

    @Test
    void aServiceThatTimesOutMakesItsLevelNotHoldAndTheEndpointStillAnswers() {
        // Given discovery answers far later than the client waits
        StatusStubs.answerUpTo(5);
        StatusStubs.server()
                .stubFor(StatusStubs.statusOf("discovery")
                        .willReturn(okJson(StatusStubs.json(StatusStubs.discoveryStatus(true, 1.0)))
                                .withFixedDelay(3_000)));

        // When
        long start = System.nanoTime();
        JsonPath report = maturity();
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Then
        assertThat(report.getInt("level")).isZero();
        assertThat(report.getBoolean("levels[0].holds")).isFalse();
        assertThat(report.getString("levels[0].reason"))
                .contains("discovery-service did not answer usefully")
                .contains("no answer in time");
        assertThat(report.getBoolean("levels[1].holds")).isTrue();
        assertThat(millis).as("answer time with a hanging service").isLessThan(2_500);
    }

    @Test
    void aServiceThatAnswersGarbageOrAnErrorMakesItsLevelNotHold() {
        // Given
        StatusStubs.answerUpTo(5);
        StatusStubs.server()
                .stubFor(StatusStubs.statusOf("logging")
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("<html>proxy error</html>")));
        StatusStubs.server()
                .stubFor(StatusStubs.statusOf("enforcement")
                        .willReturn(aResponse()
                                .withStatus(503)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{}")));

        // When
        JsonPath report = maturity();

        // Then
        assertThat(report.getInt("level")).isEqualTo(1);
        assertThat(report.getString("levels[1].reason")).contains("unreadable status document");
        assertThat(report.getString("levels[4].reason")).contains("answered HTTP 503");
        assertThat(report.getBoolean("levels[3].holds")).isTrue();
    }

    @Test
    void aStatusWithoutTheExpectedEvidenceFailsItsLevelNamingTheMissingEntry() {
        StatusStubs.answerUpTo(5);
        StatusStubs.server()
                .stubFor(StatusStubs.statusOf("detection")
                        .willReturn(okJson("{\"service\":\"detection-service\",\"ready\":true,\"evidence\":{}}")));

        JsonPath report = maturity();

        assertThat(report.getInt("level")).isEqualTo(3);
        assertThat(report.getString("levels[3].reason")).contains("has no evidence.detection");
    }

    @Test
    void aStatusWhoseEvidenceLacksAFigureACriterionReadsIsUnreadableNamingTheFigure() {
        // Given discovery renamed informerSynced: the document no longer fits the contract
        StatusStubs.answerUpTo(5);
        Map<String, Object> renamed = statusAsMap(StatusStubs.discoveryStatus(true, 1.0));
        Map<String, Object> figures = entry(renamed, "discovery");
        figures.put("synced", figures.remove("informerSynced"));
        StatusStubs.server().stubFor(StatusStubs.statusOf("discovery").willReturn(okJson(StatusStubs.json(renamed))));

        // When
        JsonPath report = maturity();

        // Then
        assertThat(report.getInt("level")).isZero();
        assertThat(report.getString("levels[0].reason"))
                .contains("unreadable status document")
                .contains("informerSynced");
        assertThat(report.getBoolean("levels[1].holds")).isTrue();
    }

    @Test
    void aFigureOfTheWrongTypeMakesTheStatusUnreadable() {
        // Given detection reports its lag as a word
        StatusStubs.answerUpTo(5);
        Map<String, Object> status = statusAsMap(StatusStubs.status(
                "detection-service",
                4,
                new StatusEvidence(
                        null,
                        null,
                        null,
                        new DetectionFigures(1, 0, 6, 6, 1, 1, 0, 0, List.of(0), 0, 0, 0),
                        null,
                        null,
                        null)));
        entry(status, "detection").put("consumerLagSeconds", "soon");
        StatusStubs.server().stubFor(StatusStubs.statusOf("detection").willReturn(okJson(StatusStubs.json(status))));

        // When
        JsonPath report = maturity();

        // Then
        assertThat(report.getInt("level")).isEqualTo(3);
        assertThat(report.getString("levels[3].reason")).contains("unreadable status document");
    }

    @Test
    void aServiceWhoseEvidenceFailedThereFailsItsLevelWithTheServicesReason() {
        StatusStubs.answerUpTo(5);
        StatusStubs.server()
                .stubFor(StatusStubs.statusOf("enforcement")
                        .willReturn(okJson(
                                "{\"service\":\"enforcement-service\",\"level\":5,\"ready\":true,\"evidence\":{},"
                                        + "\"evidenceErrors\":{\"enforcement\":\"no answer within PT2S\"}}")));

        JsonPath report = maturity();

        assertThat(report.getInt("level")).isEqualTo(4);
        assertThat(report.getString("levels[4].reason")).contains("enforcement evidence failed: no answer within PT2S");
    }

    @Test
    void aServiceThatAnswers500MakesItsLevelNotHold() {
        StatusStubs.answerUpTo(5);
        StatusStubs.server()
                .stubFor(StatusStubs.statusOf("logging")
                        .willReturn(aResponse()
                                .withStatus(500)
                                .withHeader("Content-Type", "application/problem+json")
                                .withBody("{\"status\":500,\"title\":\"Internal Server Error\"}")));

        JsonPath report = maturity();

        assertThat(report.getInt("level")).isEqualTo(1);
        assertThat(report.getString("levels[1].reason")).contains("answered HTTP 500");
    }

    /** A status document as a mutable JSON tree, to break it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusAsMap(Object status) {
        return EventJson.mapper().convertValue(status, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> status, String name) {
        return (Map<String, Object>) ((Map<String, Object>) status.get("evidence")).get(name);
    }

    @Test
    void everyStatusCallCarriesPosturesOwnWorkloadToken() {
        // Given the stubs answer only posture-service's token
        StatusStubs.answerUpTo(5);

        // When
        JsonPath report = maturity();

        // Then every level holds, so every call was answered, and none went without the token
        assertThat(report.getInt("level")).isEqualTo(5);
        for (String service : List.of("discovery", "logging", "detection", "enforcement")) {
            StatusStubs.server()
                    .verify(WireMock.getRequestedFor(urlEqualTo("/" + service + "/api/v1/status"))
                            .withHeader("Authorization", WireMock.equalTo(StatusStubs.appAuthorization())));
        }
        StatusStubs.server()
                .verify(
                        0,
                        WireMock.anyRequestedFor(WireMock.anyUrl())
                                .withHeader("Authorization", WireMock.notContaining(StatusStubs.appAuthorization())));
        StatusStubs.server()
                .verify(0, WireMock.anyRequestedFor(WireMock.anyUrl()).withoutHeader("Authorization"));
    }

    @Test
    void aServiceThatDoesNotLetPosturesTokenReadMakesItsLevelNotHold() {
        // Given detection does not list posture's service account among its viewers
        StatusStubs.answerUpTo(5);
        StatusStubs.server()
                .stubFor(StatusStubs.statusOf("detection")
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withHeader("Content-Type", "application/problem+json")
                                .withBody("{\"status\":403,\"title\":\"Forbidden\"}")));

        // When
        JsonPath report = maturity();

        // Then
        assertThat(report.getInt("level")).isEqualTo(3);
        assertThat(report.getString("levels[3].reason")).contains("answered HTTP 403");
    }

    @Test
    void theBadgeSummarisesTheLevel() {
        StatusStubs.answerUpTo(4);

        asViewer()
                .accept("image/svg+xml")
                .get("/api/v1/maturity/badge")
                .then()
                .statusCode(200)
                .contentType(containsString("image/svg+xml"))
                .body(containsString("level 4/5"));
        asViewer()
                .accept("text/plain")
                .get("/api/v1/maturity/badge")
                .then()
                .statusCode(200)
                .body(containsString("apiguard maturity 4/5 [L1+ L2+ L3+ L4+ L5-]"));
    }

    private static JsonPath maturity() {
        return asViewer()
                .get("/api/v1/maturity")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
