package io.apiguard.posture.findings;

import static io.apiguard.posture.TestApis.api;
import static io.apiguard.posture.TestApis.call;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.PostureFinding;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.posture.Events;
import io.apiguard.posture.TestApis;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.oidc.Tokens;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Inventory events and calls on the real broker become findings stored in PostgreSQL, published on
 * {@code apiguard.findings} and managed over REST through their whole lifecycle.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class FindingFlowTest {

    private Events events;
    private TopicReader findings;
    private final List<ApiEndpoint> published = new java.util.ArrayList<>();

    @BeforeEach
    void connect() {
        events = new Events();
        findings = new TopicReader(Topics.FINDINGS);
    }

    @AfterEach
    void cleanUp() {
        // Leave no live finding behind for the other test classes sharing this application.
        published.forEach(events::removed);
        published.forEach(endpoint -> await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("api", endpoint.id())
                        .get("/api/v1/findings")
                        .then()
                        .body("items.findAll { it.state != 'resolved' }.size()", equalTo(0))));
        events.close();
        findings.close();
    }

    @Test
    void anInventoryEventOpensFindingsThatAreStoredPublishedAndFiltered() throws Exception {
        // Given an external API without TLS and without a rate limit
        ApiEndpoint plain = publish(
                api().host("plain.flow.example").namespace("flow").tls(false).hint("rate-limit", null));

        // When
        String tlsId = awaitFinding(plain, "APIG-TLS-001", "open");

        // Then it is queryable with its mappings
        asViewer()
                .get("/api/v1/findings/" + tlsId)
                .then()
                .statusCode(200)
                .body("severity", equalTo("critical"))
                .body("owaspCategory", equalTo("API8:2023"))
                .body("owaspName", equalTo("Security Misconfiguration"))
                .body("nistCsf", equalTo("PR.DS-02"))
                .body("namespace", equalTo("flow"))
                .body("evidence.host", equalTo("plain.flow.example"));
        asViewer()
                .queryParam("api", plain.id())
                .queryParam("owasp", "API4")
                .get("/api/v1/findings")
                .then()
                .body("items.ruleId", equalTo(List.of("APIG-RATE-001")));
        asViewer()
                .queryParam("api", plain.id())
                .queryParam("severity", "critical")
                .get("/api/v1/findings")
                .then()
                .body("total", equalTo(1));
        asViewer()
                .queryParam("namespace", "flow")
                .queryParam("state", "open")
                .get("/api/v1/findings")
                .then()
                .body("total", equalTo(2));

        // And stored in PostgreSQL
        assertThat(PostgresResource.database().queryForString("SELECT state FROM finding WHERE id = '" + tlsId + "'"))
                .isEqualTo("open");

        // And published, keyed by API id, as a CloudEvent
        TopicReader.Received event = findings.await(
                        record -> plain.id().equals(record.key())
                                && record.value().contains(tlsId),
                        1)
                .get(0);
        assertThat(event.header("ce_type")).isEqualTo("io.apiguard.finding.v1");
        assertThat(event.header("ce_source")).isEqualTo("/apiguard/posture-service");
        PostureFinding finding = EventJson.mapper().readValue(event.value(), PostureFinding.class);
        assertThat(finding.state()).isEqualTo(FindingState.OPEN);
        assertThat(finding.ruleId()).isEqualTo("APIG-TLS-001");

        // And scores show it
        asViewer()
                .queryParam("namespace", "flow")
                .get("/api/v1/scores")
                .then()
                .statusCode(200)
                .body("overall.score", equalTo(100 - 40 - 10 + 0.0f))
                .body("apis[0].apiId", equalTo(plain.id()))
                .body("apis[0].open.critical", equalTo(1));
    }

    @Test
    void aFindingIsAcknowledgedUnacknowledgedSuppressedAndResolvedAutomaticallyWhenFixed() {
        // Given
        TestApis builder =
                api().host("lifecycle.flow.example").namespace("flow-lifecycle").tls(false);
        ApiEndpoint plain = publish(builder);
        String id = awaitFinding(plain, "APIG-TLS-001", "open");

        // When acknowledged
        Instant until = Instant.now().plus(Duration.ofDays(7));
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "certificate ordered", "until", until.toString()))
                .post("/api/v1/findings/" + id + "/ack")
                .then()
                .statusCode(200)
                .body("state", equalTo("acknowledged"))
                .body("acknowledgement.by", equalTo(Tokens.OPERATOR))
                .body("acknowledgement.reason", equalTo("certificate ordered"))
                .body("acknowledgement.until", equalTo(until.toString()));
        // It survives the scheduled re-evaluation
        findings.await(record -> record.value().contains(id) && record.value().contains("\"acknowledged\""), 1);
        await().pollDelay(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> asViewer().get("/api/v1/findings/" + id).then().body("state", equalTo("acknowledged")));

        // When unacknowledged
        asOperator()
                .post("/api/v1/findings/" + id + "/unack")
                .then()
                .statusCode(200)
                .body("state", equalTo("open"));
        asOperator()
                .post("/api/v1/findings/" + id + "/unack")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");

        // When suppressed for its namespace
        String suppressionId = asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "namespace", "reason", "TLS terminates at the load balancer"))
                .post("/api/v1/findings/" + id + "/suppress")
                .then()
                .statusCode(200)
                .body("findingsSuppressed", equalTo(1))
                .body("suppression.ruleId", equalTo("APIG-TLS-001"))
                .body("suppression.scope", equalTo("namespace"))
                .body("suppression.by", equalTo(Tokens.OPERATOR))
                .extract()
                .path("suppression.id");
        asViewer()
                .get("/api/v1/findings/" + id)
                .then()
                .body("state", equalTo("suppressed"))
                .body("suppressionId", equalTo(suppressionId));
        asViewer().get("/api/v1/suppressions").then().body("id", hasItem(suppressionId));
        assertThat(PostgresResource.database()
                        .queryForString("SELECT scope_value FROM suppression WHERE id = '" + suppressionId + "'"))
                .isEqualTo("flow-lifecycle");

        // When the suppression is deleted
        asOperator().delete("/api/v1/suppressions/" + suppressionId).then().statusCode(200);
        asViewer().get("/api/v1/findings/" + id).then().body("state", equalTo("open"));
        asOperator().delete("/api/v1/suppressions/" + suppressionId).then().statusCode(404);

        // When the API is fixed
        events.upserted(builder.tls(true).build());

        // Then the finding resolves itself, everywhere
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> asViewer().get("/api/v1/findings/" + id).then().body("state", equalTo("resolved")));
        findings.await(record -> record.value().contains(id) && record.value().contains("\"resolved\""), 1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(PostgresResource.database()
                                .queryForString("SELECT state FROM finding WHERE id = '" + id + "'"))
                        .isEqualTo("resolved"));
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "late"))
                .post("/api/v1/findings/" + id + "/ack")
                .then()
                .statusCode(409);
    }

    @Test
    void trafficAggregatesRaiseTrafficFindingsOnTheScheduledEvaluation() {
        // Given
        ApiEndpoint api = publish(api().host("traffic.flow.example").path("/accounts"));
        awaitEvaluated(api);

        // When calls carry a token in the query string and walk sequential ids
        for (int i = 0; i < 12; i++) {
            events.call(call(
                    "traffic.flow.example",
                    "/accounts/" + (5000 + i),
                    "access_token=[REDACTED]",
                    TestApis.individual(),
                    200,
                    List.of("query:access_token")));
        }

        // Then
        awaitFinding(api, "APIG-CRED-001", "open");
        awaitFinding(api, "APIG-BOLA-001", "open");
        asViewer().get("/api/v1/status").then().body("evidence.posture.callsCounted", greaterThanOrEqualTo(12));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(PostgresResource.database()
                                .queryForString(
                                        "SELECT document FROM traffic_window WHERE api_id = '" + api.id() + "'"))
                        .contains("query:access_token"));
    }

    @Test
    void responsesCarryingCardNumbersRaiseTheExcessiveDataExposureFindingWithItsEvidence() {
        // Given
        ApiEndpoint api = publish(api().host("cards.flow.example").path("/customers"));
        awaitEvaluated(api);

        // When the sidecar found card numbers in three responses
        events.call(call("cards.flow.example", "/customers"));
        for (int i = 0; i < 3; i++) {
            events.call(TestApis.responding("cards.flow.example", "/customers", "card-number"));
        }

        // Then
        String id = awaitFinding(api, "APIG-DATA-002", "open");
        asViewer()
                .get("/api/v1/findings/" + id)
                .then()
                .statusCode(200)
                .body("severity", equalTo("critical"))
                .body("evidence.dataClasses", equalTo("card-number"))
                .body("evidence.calls", equalTo("3"))
                .body("evidence.firstSeen", notNullValue());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(PostgresResource.database()
                                .queryForString(
                                        "SELECT document FROM traffic_window WHERE api_id = '" + api.id() + "'"))
                        .contains("card-number"));
    }

    @Test
    void aRemovedApiHasItsFindingsResolved() {
        ApiEndpoint plain = publish(api().host("removed.flow.example").tls(false));
        String id = awaitFinding(plain, "APIG-TLS-001", "open");

        events.removed(plain);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> asViewer().get("/api/v1/findings/" + id).then().body("state", equalTo("resolved")));
        assertThat(PostgresResource.database()
                        .queryForString("SELECT count(*) FROM posture_api WHERE id = '" + plain.id() + "'"))
                .isEqualTo("0");
    }

    @Test
    void aMessageThatIsNotAnInventoryChangeGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        try (TopicReader dlq = new TopicReader(Topics.INVENTORY_DLQ)) {
            events.raw(Topics.INVENTORY, "poison", "{\"changeKind\": \"upserted\"");
            ApiEndpoint after = publish(api().host("after-poison.flow.example").tls(false));

            dlq.await(record -> "poison".equals(record.key()), 1);
            awaitFinding(after, "APIG-TLS-001", "open");
        }
    }

    @Test
    void badInputIsAProblemJson4xx() {
        asViewer()
                .queryParam("severity", "dreadful")
                .get("/api/v1/findings")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("unknown severity dreadful"));
        asViewer().queryParam("owasp", "API11").get("/api/v1/findings").then().statusCode(400);
        asViewer().get("/api/v1/findings/fnd-none").then().statusCode(404).contentType("application/problem+json");
        asOperator()
                .contentType("application/json")
                .body(Map.of("until", "2099-01-01T00:00:00Z"))
                .post("/api/v1/findings/fnd-none/ack")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "x"))
                .post("/api/v1/findings/fnd-none/ack")
                .then()
                .statusCode(404);
        asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "galaxy", "reason", "x"))
                .post("/api/v1/findings/fnd-none/suppress")
                .then()
                .statusCode(400);
    }

    @Test
    void theCatalogueListsEveryRuleWithItsMappings() {
        asViewer()
                .get("/api/v1/checks")
                .then()
                .statusCode(200)
                .body("size()", greaterThanOrEqualTo(15))
                .body("find { it.id == 'APIG-BOLA-001' }.owaspCategory", equalTo("API1:2023"))
                .body("find { it.id == 'APIG-BOLA-001' }.owaspName", equalTo("Broken Object Level Authorization"))
                .body("find { it.id == 'APIG-BOLA-001' }.input", equalTo("traffic"))
                .body("find { it.id == 'APIG-TLS-001' }.remediation", notNullValue());
        asViewer().get("/api/v1/scores").then().statusCode(200).body("overall.score", lessThan(100.1f));
    }

    private ApiEndpoint publish(TestApis builder) {
        ApiEndpoint endpoint = builder.build();
        published.add(endpoint);
        events.upserted(endpoint);
        return endpoint;
    }

    private static String awaitFinding(ApiEndpoint api, String ruleId, String state) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> asViewer()
                                .queryParam("api", api.id())
                                .queryParam("rule", ruleId)
                                .queryParam("state", state)
                                .get("/api/v1/findings")
                                .path("items[0].id"),
                        id -> id != null);
    }

    private static void awaitEvaluated(ApiEndpoint api) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(PostgresResource.database()
                                .queryForString("SELECT count(*) FROM posture_api WHERE id = '" + api.id() + "'"))
                        .isEqualTo("1"));
    }
}
