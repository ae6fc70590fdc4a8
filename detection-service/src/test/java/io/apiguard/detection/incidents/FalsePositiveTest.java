package io.apiguard.detection.incidents;

import static io.apiguard.testing.oidc.Tokens.anonymously;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.EventTypes;
import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.AuditOutage;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.stream.StreamSupport;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.oidc.Tokens;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A false-positive verdict, on the real broker and the real PostgreSQL: only an operator's token gives one, it is
 * attributed to that token, bounded in time, audited on {@code apiguard.audit}, and refused as a whole when the audit
 * record is not acknowledged.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class FalsePositiveTest {

    @Inject
    Allowlist allowlist;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private StreamSupport stream;
    private TopicReader audit;

    @BeforeEach
    void connect() {
        stream = new StreamSupport();
        audit = new TopicReader(Topics.AUDIT);
    }

    @AfterEach
    void disconnect() {
        AuditOutage.end();
        stream.close();
        audit.close();
    }

    /** An open xss detection of {@code subject}, stored and readable over REST. */
    private Detection xss(String subject) throws Exception {
        stream.publishAll(List.of(TestCalls.by(subject)
                .query("q=<script>alert(1)</script>")
                .at(System.currentTimeMillis())
                .raw("GET", "/search")));
        Detection xss =
                stream.await(d -> subject.equals(d.subject()) && d.type().equals("xss"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        asViewer().get("/api/v1/detections/" + xss.id()).then().statusCode(200));
        return xss;
    }

    private static ValidatableResponse markAsOperator(String id, Map<String, ?> body) {
        return asOperator()
                .contentType("application/json")
                .body(body)
                .post("/api/v1/detections/" + id + "/false-positive")
                .then();
    }

    private OperatorAction awaitAction(OperatorActionKind kind, String targetId) {
        TopicReader.Received received = audit.await(
                        r -> r.value().contains(targetId)
                                && action(r).action() == kind
                                && action(r).targetId().equals(targetId),
                        1)
                .get(0);
        assertThat(received.key()).isEqualTo(action(received).actor());
        assertThat(received.header("ce_type")).isEqualTo(EventTypes.OPERATOR_ACTION);
        assertThat(received.header("ce_source")).isEqualTo("/apiguard/detection-service");
        return action(received);
    }

    private static OperatorAction action(TopicReader.Received received) {
        try {
            return EventJson.mapper().readValue(received.value(), OperatorAction.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aVerdictNeedsAnOperatorsToken() throws Exception {
        // Given
        Detection xss = xss("anon-" + run);

        // When / Then
        anonymously()
                .contentType("application/json")
                .body(Map.of("reason", "I am harmless"))
                .post("/api/v1/detections/" + xss.id() + "/false-positive")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        asViewer()
                .contentType("application/json")
                .body(Map.of("reason", "I only read"))
                .post("/api/v1/detections/" + xss.id() + "/false-positive")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asViewer()
                .get("/api/v1/detections/" + xss.id())
                .then()
                .statusCode(200)
                .body("state", equalTo("open"))
                .body("falsePositive", nullValue());
        assertThat(allowlist.allows("xss", xss.subject())).isFalse();
    }

    @Test
    void anOperatorsVerdictIsAttributedToTheTokenBoundedInTimeAndAudited() throws Exception {
        // Given
        String subject = "pentester-" + run;
        Detection xss = xss(subject);

        // When
        String body = markAsOperator(xss.id(), Map.of("reason", "red team exercise", "allowFor", "P2D"))
                .statusCode(200)
                .body("id", equalTo(xss.id()))
                .body("state", equalTo("false-positive"))
                .body("recommendedAction", equalTo("monitor"))
                .body("falsePositive.by", equalTo(Tokens.OPERATOR))
                .body("falsePositive.reason", equalTo("red team exercise"))
                .extract()
                .asString();

        // Then the verdict names the token's subject, and its entry ends two days later
        var verdict = io.restassured.path.json.JsonPath.from(body);
        Instant at = Instant.parse(verdict.getString("falsePositive.at"));
        Instant expiresAt = Instant.parse(verdict.getString("falsePositive.expiresAt"));
        String entry = verdict.getString("falsePositive.allowlistEntry");
        assertThat(Duration.between(at, expiresAt)).isEqualTo(Duration.ofDays(2));
        assertThat(PostgresResource.database()
                        .queryForString("SELECT false_positive_by FROM detection WHERE id = '" + xss.id() + "'"))
                .isEqualTo(Tokens.OPERATOR);
        asViewer()
                .get("/api/v1/detections/" + xss.id())
                .then()
                .statusCode(200)
                .body("state", equalTo("false-positive"))
                .body("falsePositive.by", equalTo(Tokens.OPERATOR))
                .body("falsePositive.allowlistEntry", equalTo(entry));

        // And the entry is listed
        asViewer()
                .get("/api/v1/allowlist")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + entry + "' }.type", equalTo("xss"))
                .body("items.find { it.id == '" + entry + "' }.incidentKey", equalTo(subject))
                .body("items.find { it.id == '" + entry + "' }.detectionId", equalTo(xss.id()))
                .body("items.find { it.id == '" + entry + "' }.reason", equalTo("red team exercise"))
                .body("items.find { it.id == '" + entry + "' }.createdBy", equalTo(Tokens.OPERATOR))
                .body("items.find { it.id == '" + entry + "' }.expiresAt", notNullValue())
                .body("items.find { it.id == '" + entry + "' }.state", equalTo("active"));

        // And the action is on apiguard.audit, keyed by its actor
        OperatorAction action = awaitAction(OperatorActionKind.DETECTION_MARKED_FALSE_POSITIVE, xss.id());
        assertThat(action.actor()).isEqualTo(Tokens.OPERATOR);
        assertThat(action.actorRoles()).contains("operator", "viewer");
        assertThat(action.service()).isEqualTo("detection-service");
        assertThat(action.targetType()).isEqualTo("detection");
        assertThat(action.reason()).isEqualTo("red team exercise");
        assertThat(action.details())
                .containsEntry("allowlistEntry", entry)
                .containsEntry("expiresAt", expiresAt.toString())
                .containsEntry("incidentKey", subject);

        // And the new state is published for enforcement; a second verdict is a conflict
        stream.await(d -> xss.id().equals(d.id()) && d.state() == DetectionState.FALSE_POSITIVE);
        markAsOperator(xss.id(), Map.of("reason", "again")).statusCode(409).contentType("application/problem+json");
    }

    @Test
    void withoutAllowForTheEntryLastsTheConfiguredDefault() throws Exception {
        Detection xss = xss("default-" + run);

        String body = markAsOperator(xss.id(), Map.of("reason", "known scanner"))
                .statusCode(200)
                .extract()
                .asString();

        var verdict = io.restassured.path.json.JsonPath.from(body);
        assertThat(Duration.between(
                        Instant.parse(verdict.getString("falsePositive.at")),
                        Instant.parse(verdict.getString("falsePositive.expiresAt"))))
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void anInvalidVerdictIsAProblemAndChangesNothing() throws Exception {
        // Given
        Detection xss = xss("invalid-" + run);
        String path = "/api/v1/detections/" + xss.id() + "/false-positive";

        // When / Then: no reason, a blank or an endless one
        asOperator()
                .contentType("application/json")
                .body("{}")
                .post(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asOperator()
                .contentType("application/json")
                .post(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        markAsOperator(xss.id(), Map.of("reason", "   ")).statusCode(400).contentType("application/problem+json");
        markAsOperator(xss.id(), Map.of("reason", "x".repeat(501)))
                .statusCode(400)
                .contentType("application/problem+json");

        // And allowFor beyond the maximum, not positive, or not a duration
        markAsOperator(xss.id(), Map.of("reason", "forever please", "allowFor", "P91D"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("allowFor must be at most P90D, not P91D"));
        markAsOperator(xss.id(), Map.of("reason", "undo the past", "allowFor", "-P1D"))
                .statusCode(400)
                .contentType("application/problem+json");
        markAsOperator(xss.id(), Map.of("reason", "for a while", "allowFor", "a while"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("ISO-8601"));

        // And the detection is untouched
        asViewer().get("/api/v1/detections/" + xss.id()).then().body("state", equalTo("open"));
        asViewer()
                .queryParam("state", "all")
                .get("/api/v1/allowlist")
                .then()
                .body("items.findAll { it.detectionId == '" + xss.id() + "' }.size()", equalTo(0));
    }

    @Test
    void aVerdictWhoseAuditRecordIsNotAcknowledgedIsRolledBack() throws Exception {
        // Given
        Detection xss = xss("unaudited-" + run);

        // When apiguard.audit refuses the record
        AuditOutage.begin();
        markAsOperator(xss.id(), Map.of("reason", "nobody will know"))
                .statusCode(503)
                .contentType("application/problem+json")
                .body("title", equalTo("Audit record not written"))
                .body(
                        "detail",
                        equalTo("apiguard.audit did not acknowledge the record of this action, so nothing "
                                + "was changed; retry later"))
                .header("Retry-After", "5");
        AuditOutage.end();

        // Then nothing changed: the detection is open, no entry was kept, nothing is suppressed
        asViewer()
                .get("/api/v1/detections/" + xss.id())
                .then()
                .body("state", equalTo("open"))
                .body("falsePositive", nullValue());
        asViewer()
                .queryParam("state", "all")
                .get("/api/v1/allowlist")
                .then()
                .body("items.findAll { it.detectionId == '" + xss.id() + "' }.size()", equalTo(0));
        assertThat(allowlist.allows("xss", xss.subject())).isFalse();

        // And once the audit trail is back the same verdict goes through
        markAsOperator(xss.id(), Map.of("reason", "now on the record"))
                .statusCode(200)
                .body("state", equalTo("false-positive"));
        assertThat(allowlist.allows("xss", xss.subject())).isTrue();
    }
}
