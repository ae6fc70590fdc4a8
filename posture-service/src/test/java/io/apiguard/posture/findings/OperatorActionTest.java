package io.apiguard.posture.findings;

import static io.apiguard.posture.TestApis.api;
import static io.apiguard.testing.oidc.Tokens.anonymously;
import static io.apiguard.testing.oidc.Tokens.asAdmin;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.EventTypes;
import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.posture.Events;
import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.TestApis;
import io.apiguard.posture.audit.AuditFaults;
import io.apiguard.support.audit.AuditSink;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.oidc.Tokens;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Operators' actions on findings over the front door: who may do what, that the actor is the verified token's subject
 * whatever the body says, and that every action is an {@link OperatorAction} on the real broker's
 * {@code apiguard.audit} before it takes effect. The findings here are APIG-AUTH-001 (low), which no other test class
 * counts on, so a suppression of scope {@code all} in between disturbs nobody.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class OperatorActionTest {

    private static final String AUTH_RULE = "APIG-AUTH-001";

    @Inject
    PostureConfig config;

    private Events events;
    private TopicReader audit;
    private final List<ApiEndpoint> published = new ArrayList<>();
    private final List<String> suppressions = new ArrayList<>();

    @BeforeEach
    void connect() {
        events = new Events();
        audit = new TopicReader(Topics.AUDIT);
    }

    @AfterEach
    void cleanUp() {
        // Leave no suppression and no live finding behind for the other test classes sharing this application.
        suppressions.forEach(id -> asAdmin().delete("/api/v1/suppressions/" + id));
        published.forEach(events::removed);
        published.forEach(endpoint -> await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("api", endpoint.id())
                        .get("/api/v1/findings")
                        .then()
                        .body("items.findAll { it.state != 'resolved' }.size()", equalTo(0))));
        events.close();
        audit.close();
    }

    @Test
    void actionsWithoutATokenAre401AndAViewersAre403() {
        // Given
        String id = openAuthFinding("front-door");

        // Then nobody without a token acts, and a viewer only reads
        anonymously()
                .contentType("application/json")
                .body(Map.of("reason", "x"))
                .post(ack(id))
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
        anonymously()
                .post("/api/v1/findings/" + id + "/unack")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        anonymously()
                .contentType("application/json")
                .body(Map.of("scope", "api", "reason", "x"))
                .post(suppress(id))
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        anonymously()
                .delete("/api/v1/suppressions/sup-none")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        anonymously().get("/api/v1/findings/" + id).then().statusCode(401).contentType("application/problem+json");

        asViewer()
                .contentType("application/json")
                .body(Map.of("reason", "x"))
                .post(ack(id))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asViewer()
                .post("/api/v1/findings/" + id + "/unack")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asViewer()
                .contentType("application/json")
                .body(Map.of("scope", "api", "reason", "x"))
                .post(suppress(id))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asViewer()
                .delete("/api/v1/suppressions/sup-none")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");

        // And the finding is as it was
        asViewer()
                .get("/api/v1/findings/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("open"))
                .body("acknowledgement", nullValue());
    }

    @Test
    void anOperatorAcknowledgesAndSuppressesForAnApiButOnlyAnAdminSuppressesEverywhere() {
        // Given
        String id = openAuthFinding("roles");

        // When an operator acknowledges and withdraws it
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "the API checks tokens itself"))
                .post(ack(id))
                .then()
                .statusCode(200)
                .body("state", equalTo("acknowledged"));
        asOperator()
                .post("/api/v1/findings/" + id + "/unack")
                .then()
                .statusCode(200)
                .body("state", equalTo("open"));

        // Then an operator may not switch the rule off everywhere
        asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "all", "reason", "we trust every API"))
                .post(suppress(id))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", containsString("admin"));
        asViewer().get("/api/v1/findings/" + id).then().body("state", equalTo("open"));
        asViewer()
                .get("/api/v1/suppressions")
                .then()
                .body("findAll { it.ruleId == '" + AUTH_RULE + "' && it.scope == 'all' }.size()", equalTo(0));

        // But an admin may
        String everywhere = asAdmin()
                .contentType("application/json")
                .body(Map.of("scope", "all", "reason", "every API authenticates in the mesh"))
                .post(suppress(id))
                .then()
                .statusCode(200)
                .body("suppression.scope", equalTo("all"))
                .body("suppression.by", equalTo(Tokens.ADMIN))
                .extract()
                .path("suppression.id");
        suppressions.add(everywhere);
        asViewer()
                .get("/api/v1/findings/" + id)
                .then()
                .body("state", equalTo("suppressed"))
                .body("suppressionId", equalTo(everywhere));

        // And an operator may withdraw a suppression
        asOperator().delete("/api/v1/suppressions/" + everywhere).then().statusCode(200);
        asViewer().get("/api/v1/findings/" + id).then().body("state", equalTo("open"));
    }

    @Test
    void theActorIsTheTokensSubjectWhateverTheBodyNames() {
        // Given
        String id = openAuthFinding("attribution");

        // When the body still names someone
        asOperator()
                .contentType("application/json")
                .body(Map.of("by", "the-ciso", "reason", "accepted for the quarter"))
                .post(ack(id))
                .then()
                .statusCode(200)
                .body("acknowledgement.by", equalTo(Tokens.OPERATOR));
        asOperator().post("/api/v1/findings/" + id + "/unack").then().statusCode(200);
        String suppressionId = asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "api", "by", "the-ciso", "reason", "authenticated by the API itself"))
                .post(suppress(id))
                .then()
                .statusCode(200)
                .body("suppression.by", equalTo(Tokens.OPERATOR))
                .extract()
                .path("suppression.id");
        suppressions.add(suppressionId);

        // Then the token's subject is recorded: in the table, in the listing and on the audit topic
        assertThat(PostgresResource.database()
                        .queryForString("SELECT created_by FROM suppression WHERE id = '" + suppressionId + "'"))
                .isEqualTo(Tokens.OPERATOR);
        asViewer()
                .get("/api/v1/suppressions")
                .then()
                .body("find { it.id == '" + suppressionId + "' }.by", equalTo(Tokens.OPERATOR));
        List<OperatorAction> recorded = actionsOn(id, 3);
        assertThat(recorded).extracting(OperatorAction::actor).containsOnly(Tokens.OPERATOR);
        assertThat(audit.all(Duration.ZERO)).noneMatch(record -> record.value().contains("the-ciso"));
    }

    @Test
    void everyActionIsAnOperatorActionOnTheAuditTopicBeforeItTakesEffect() {
        // Given an open finding, and refusals that must leave no record: 409, 403 and 404
        String id = openAuthFinding("audit");
        ApiEndpoint api = published.get(published.size() - 1);
        asOperator().post("/api/v1/findings/" + id + "/unack").then().statusCode(409);
        asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "all", "reason", "no"))
                .post(suppress(id))
                .then()
                .statusCode(403);
        asOperator().delete("/api/v1/suppressions/sup-none-" + id).then().statusCode(404);

        // When acknowledged, withdrawn, suppressed and the suppression withdrawn
        Instant until = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "certificate ordered", "until", until.toString()))
                .post(ack(id))
                .then()
                .statusCode(200);
        asOperator().post("/api/v1/findings/" + id + "/unack").then().statusCode(200);
        String suppressionId = asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "namespace", "reason", "the namespace authenticates in the mesh"))
                .post(suppress(id))
                .then()
                .statusCode(200)
                .extract()
                .path("suppression.id");
        suppressions.add(suppressionId);
        asOperator().delete("/api/v1/suppressions/" + suppressionId).then().statusCode(200);

        // Then each is one record, keyed by the actor, as a CloudEvent, in order (one key, one partition); the refusals
        // came first on the same key, so had they been recorded they would be here already
        List<TopicReader.Received> received = audit.await(
                record -> record.value().contains(id) || record.value().contains(suppressionId), 4);
        assertThat(received).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(Tokens.OPERATOR);
            assertThat(record.header("ce_type")).isEqualTo(EventTypes.OPERATOR_ACTION);
            assertThat(record.header("ce_source")).isEqualTo("/apiguard/posture-service");
        });
        assertThat(audit.all(Duration.ZERO)).noneMatch(record -> record.value().contains("sup-none-" + id));
        List<OperatorAction> actions =
                received.stream().map(OperatorActionTest::read).toList();
        assertThat(actions)
                .extracting(OperatorAction::action)
                .containsExactly(
                        OperatorActionKind.FINDING_ACKNOWLEDGED, OperatorActionKind.FINDING_UNACKNOWLEDGED,
                        OperatorActionKind.FINDING_SUPPRESSED, OperatorActionKind.SUPPRESSION_WITHDRAWN);
        assertThat(actions).allSatisfy(action -> {
            assertThat(action.service()).isEqualTo("posture-service");
            assertThat(action.actor()).isEqualTo(Tokens.OPERATOR);
            assertThat(action.actorRoles()).contains("operator", "viewer").doesNotContain("admin");
            assertThat(action.details()).containsEntry("ruleId", AUTH_RULE);
        });

        OperatorAction acknowledged = actions.get(0);
        assertThat(acknowledged.targetType()).isEqualTo("finding");
        assertThat(acknowledged.targetId()).isEqualTo(id);
        assertThat(acknowledged.reason()).isEqualTo("certificate ordered");
        assertThat(acknowledged.details())
                .containsEntry("until", until.toString())
                .containsEntry("apiId", api.id());

        OperatorAction withdrawn = actions.get(1);
        assertThat(withdrawn.targetId()).isEqualTo(id);
        assertThat(withdrawn.details())
                .containsEntry("acknowledgedBy", Tokens.OPERATOR)
                .containsEntry("acknowledgedUntil", until.toString());

        OperatorAction suppressed = actions.get(2);
        assertThat(suppressed.targetType()).isEqualTo("finding");
        assertThat(suppressed.targetId()).isEqualTo(id);
        assertThat(suppressed.reason()).isEqualTo("the namespace authenticates in the mesh");
        assertThat(suppressed.details())
                .containsEntry("suppressionId", suppressionId)
                .containsEntry("scope", "namespace")
                .containsEntry("scopeValue", api.namespace());

        OperatorAction unsuppressed = actions.get(3);
        assertThat(unsuppressed.targetType()).isEqualTo("suppression");
        assertThat(unsuppressed.targetId()).isEqualTo(suppressionId);
        assertThat(unsuppressed.details())
                .containsEntry("suppressedBy", Tokens.OPERATOR)
                .containsEntry("scope", "namespace");
    }

    @Test
    void anActionWhoseAuditRecordIsNotAcknowledgedIsRefusedWith503AndChangesNothing() {
        // Given an acknowledged finding and a suppression of another rule of the same API
        ApiEndpoint api = publish(api().host("unaudited.actions.example")
                .namespace("actions-unaudited")
                .hint("auth", null)
                .hint("rate-limit", null));
        String authId = awaitFinding(api, AUTH_RULE, "open");
        String rateId = awaitFinding(api, "APIG-RATE-001", "open");
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "first reason"))
                .post(ack(authId))
                .then()
                .statusCode(200);
        String suppressionId = asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "api", "reason", "rate limited in the app"))
                .post(suppress(rateId))
                .then()
                .statusCode(200)
                .extract()
                .path("suppression.id");
        suppressions.add(suppressionId);

        // When the broker stops acknowledging audit records
        QuarkusMock.installMockForType(AuditFaults.unacknowledged(config), AuditSink.class);

        // Then every action is refused with a problem+json 503 (not a 409: the fault is an IllegalStateException)
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "second reason"))
                .post(ack(authId))
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("detail", containsString("audit record"))
                .body("title", equalTo("Service Unavailable"))
                .body(
                        "detail",
                        equalTo("the audit record of this action could not be written to apiguard.audit; "
                                + "nothing was changed, try again"))
                .header("Retry-After", nullValue());
        asOperator()
                .post("/api/v1/findings/" + authId + "/unack")
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        asOperator()
                .contentType("application/json")
                .body(Map.of("scope", "api", "reason", "unaudited"))
                .post(suppress(authId))
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        asOperator()
                .delete("/api/v1/suppressions/" + suppressionId)
                .then()
                .statusCode(503)
                .contentType("application/problem+json");

        // And nothing changed: in memory, in the tables
        asViewer()
                .get("/api/v1/findings/" + authId)
                .then()
                .body("state", equalTo("acknowledged"))
                .body("acknowledgement.reason", equalTo("first reason"));
        asViewer()
                .get("/api/v1/findings/" + rateId)
                .then()
                .body("state", equalTo("suppressed"))
                .body("suppressionId", equalTo(suppressionId));
        asViewer()
                .get("/api/v1/suppressions")
                .then()
                .body("id", hasItem(suppressionId))
                .body(
                        "findAll { it.ruleId == '" + AUTH_RULE + "' && it.scopeValue == '" + api.id() + "' }.size()",
                        equalTo(0));
        assertThat(PostgresResource.database()
                        .queryForString("SELECT count(*) FROM suppression WHERE rule_id = '" + AUTH_RULE
                                + "' AND scope_value = '" + api.id() + "'"))
                .isEqualTo("0");
        assertThat(PostgresResource.database()
                        .queryForString("SELECT count(*) FROM suppression WHERE id = '" + suppressionId + "'"))
                .isEqualTo("1");
        assertThat(PostgresResource.database()
                        .queryForString("SELECT document FROM finding WHERE id = '" + authId + "'"))
                .contains("first reason")
                .doesNotContain("second reason");
    }

    private String openAuthFinding(String label) {
        ApiEndpoint api = publish(api().host(label + ".actions.example")
                .namespace("actions-" + label)
                .hint("auth", null));
        return awaitFinding(api, AUTH_RULE, "open");
    }

    private ApiEndpoint publish(TestApis builder) {
        ApiEndpoint endpoint = builder.build();
        published.add(endpoint);
        events.upserted(endpoint);
        return endpoint;
    }

    /** The first {@code count} operator actions whose target is {@code targetId}, in the order they were recorded. */
    private List<OperatorAction> actionsOn(String targetId, int count) {
        return audit.await(record -> record.value().contains(targetId), count).stream()
                .map(OperatorActionTest::read)
                .filter(action -> action.targetId().equals(targetId))
                .toList();
    }

    private static OperatorAction read(TopicReader.Received record) {
        try {
            return EventJson.mapper().readValue(record.value(), OperatorAction.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ack(String id) {
        return "/api/v1/findings/" + id + "/ack";
    }

    private static String suppress(String id) {
        return "/api/v1/findings/" + id + "/suppress";
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
}
