package io.apiguard.logging.actions;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.events.EventTypes;
import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Operator actions published on {@code apiguard.audit}, as posture, detection and enforcement publish them (CloudEvents
 * binary mode), are kept once each and read back through {@code GET /api/v1/audit/actions}; a message that is not an
 * action goes to the DLQ with its reason while the channel goes on.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class OperatorActionAuditTest {

    private static final String ACTIONS = "/api/v1/audit/actions";

    private KafkaProducer<String, String> producer;
    private String run;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer());
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void actionsAreKeptOnceEachAndFoundByEveryFilterNewestFirst() throws Exception {
        // Given: two operators acting through three apps, a month ago so that a time window holds only these
        String otto = "otto-" + run + "@example.com";
        String ada = "ada-" + run + "@example.com";
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(30, ChronoUnit.DAYS);
        OperatorAction acknowledged = action(
                start,
                "posture-service",
                otto,
                OperatorActionKind.FINDING_ACKNOWLEDGED,
                "finding",
                "f-" + run,
                null,
                Map.of());
        OperatorAction falsePositive = action(
                start.plus(1, ChronoUnit.MINUTES),
                "detection-service",
                otto,
                OperatorActionKind.DETECTION_MARKED_FALSE_POSITIVE,
                "detection",
                "d-" + run,
                "alex.s runs the quarterly statement export",
                Map.of("allowlistEntry", "al-" + run));
        OperatorAction created = action(
                start.plus(2, ChronoUnit.MINUTES),
                "enforcement-service",
                ada,
                OperatorActionKind.RULE_CREATED,
                "rule",
                "r-" + run,
                "object enumeration",
                Map.of());
        OperatorAction expired = action(
                start.plus(3, ChronoUnit.MINUTES),
                "enforcement-service",
                ada,
                OperatorActionKind.RULE_EXPIRED,
                "rule",
                "r-" + run,
                null,
                Map.of());
        OperatorAction withdrawn = action(
                start.plus(4, ChronoUnit.MINUTES),
                "posture-service",
                otto,
                OperatorActionKind.SUPPRESSION_WITHDRAWN,
                "suppression",
                "s-" + run,
                null,
                Map.of());

        // When: the acknowledgement is delivered twice (a producer retry), and a later action of the same actor (same
        // key, same partition) follows it, so once that one is kept the repeat has been consumed too
        for (OperatorAction action : List.of(acknowledged, falsePositive, created, expired, acknowledged, withdrawn)) {
            publish(action.actor(), json(action), EventTypes.OPERATOR_ACTION, action);
        }

        // Then: each kept once, newest first
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("actor", otto)
                        .get(ACTIONS)
                        .then()
                        .statusCode(200)
                        .body("items.id", contains(id(withdrawn), id(falsePositive), id(acknowledged))));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("actor", ada)
                        .get(ACTIONS)
                        .then()
                        .statusCode(200)
                        .body("items.id", contains(id(expired), id(created))));
        assertThat(PostgresResource.database()
                        .queryForString("SELECT count(*) FROM operator_actions WHERE id = '" + acknowledged.id() + "'"))
                .isEqualTo("1");

        // And every field comes back as published
        asViewer()
                .queryParam("targetType", "detection")
                .queryParam("targetId", "d-" + run)
                .get(ACTIONS)
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].occurredAt", equalTo(falsePositive.occurredAt().toString()))
                .body("items[0].service", equalTo("detection-service"))
                .body("items[0].actor", equalTo(otto))
                .body("items[0].actorRoles", contains("operator", "viewer"))
                .body("items[0].action", equalTo("detection-marked-false-positive"))
                .body("items[0].reason", equalTo("alex.s runs the quarterly statement export"))
                .body("items[0].details.allowlistEntry", equalTo("al-" + run))
                .body("nextCursor", nullValue());

        // And each filter narrows the search
        asViewer()
                .queryParam("targetId", "r-" + run)
                .get(ACTIONS)
                .then()
                .statusCode(200)
                .body("items.id", contains(id(expired), id(created)));
        asViewer()
                .queryParam("targetType", "rule")
                .queryParam("actor", ada)
                .get(ACTIONS)
                .then()
                .statusCode(200)
                .body("items.id", contains(id(expired), id(created)));
        asViewer()
                .queryParam("service", "posture-service")
                .queryParam("limit", 1000)
                .get(ACTIONS)
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id(acknowledged)))
                .body("items.id", hasItem(id(withdrawn)))
                .body("items.id", not(hasItem(id(falsePositive))))
                .body("items.id", not(hasItem(id(created))));
        asViewer()
                .queryParam("action", "rule-expired")
                .queryParam("limit", 1000)
                .get(ACTIONS)
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id(expired)))
                .body("items.id", not(hasItem(id(created))))
                .body("items.action.toSet()", contains("rule-expired"));
        asViewer()
                .queryParam("from", start.plus(1, ChronoUnit.MINUTES).toString())
                .queryParam("to", start.plus(3, ChronoUnit.MINUTES).toString())
                .get(ACTIONS)
                .then()
                .statusCode(200)
                .body("items.id", contains(id(created), id(falsePositive)));
        asViewer()
                .queryParam("actor", ada)
                .queryParam("action", "finding-acknowledged")
                .get(ACTIONS)
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void pagesWalkTheActionsNewestFirstWithoutGapsOrRepeats() throws Exception {
        // Given: five actions of one operator, two of them in the same millisecond (the id breaks the tie)
        String operator = "pia-" + run + "@example.com";
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);
        List<OperatorAction> actions = List.of(
                action(
                        start,
                        "posture-service",
                        operator,
                        OperatorActionKind.FINDING_SUPPRESSED,
                        "finding",
                        "f1",
                        null,
                        Map.of("scope", "api")),
                action(
                        start.plusSeconds(1),
                        "posture-service",
                        operator,
                        OperatorActionKind.FINDING_ACKNOWLEDGED,
                        "finding",
                        "f2",
                        null,
                        Map.of()),
                action(
                        start.plusSeconds(1),
                        "posture-service",
                        operator,
                        OperatorActionKind.FINDING_ACKNOWLEDGED,
                        "finding",
                        "f3",
                        null,
                        Map.of()),
                action(
                        start.plusSeconds(2),
                        "posture-service",
                        operator,
                        OperatorActionKind.FINDING_UNACKNOWLEDGED,
                        "finding",
                        "f2",
                        null,
                        Map.of()),
                action(
                        start.plusSeconds(3),
                        "detection-service",
                        operator,
                        OperatorActionKind.ALLOWLIST_ENTRY_WITHDRAWN,
                        "allowlist-entry",
                        "al-1",
                        null,
                        Map.of()));
        for (OperatorAction action : actions) {
            publish(operator, json(action), EventTypes.OPERATOR_ACTION, action);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("actor", operator)
                        .get(ACTIONS)
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(5)));

        // When
        JsonPath first = page(operator, null);
        JsonPath second = page(operator, first.getString("nextCursor"));
        JsonPath last = page(operator, second.getString("nextCursor"));

        // Then
        List<String> walked = new ArrayList<>(first.getList("items.id"));
        walked.addAll(second.getList("items.id"));
        walked.addAll(last.getList("items.id"));
        List<String> newestFirst = asViewer()
                .queryParam("actor", operator)
                .get(ACTIONS)
                .then()
                .extract()
                .jsonPath()
                .getList("items.id");
        assertThat(walked)
                .containsExactlyElementsOf(newestFirst)
                .doesNotHaveDuplicates()
                .hasSize(5);
        assertThat(newestFirst.get(0)).isEqualTo(id(actions.get(4)));
        assertThat(newestFirst.get(4)).isEqualTo(id(actions.get(0)));
        assertThat(first.getString("nextCursor")).isNotNull();
        assertThat(last.getString("nextCursor")).isNull();
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicWithItsReasonAndTheNextActionIsStillKept() throws Exception {
        // Given: messages that are not operator actions, and a good action behind them on the same key (partition)
        String actor = "quinn-" + run + "@example.com";
        OperatorAction good = action(
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "enforcement-service",
                actor,
                OperatorActionKind.RULE_CHANGED,
                "rule",
                "r-" + run,
                null,
                Map.of("mode", "enforce"));
        String notJson = "rule r-" + run + " changed by " + actor;
        ObjectNode withoutTarget = EventJson.mapper().valueToTree(good);
        withoutTarget.remove("targetId");
        withoutTarget.put("id", UUID.randomUUID().toString());
        String noTarget = EventJson.mapper().writeValueAsString(withoutTarget);
        String unknownAction = json(good)
                .replace("\"rule-changed\"", "\"rule-deleted\"")
                .replace(good.id().toString(), UUID.randomUUID().toString());
        String nextVersion =
                json(good).replace(good.id().toString(), UUID.randomUUID().toString());

        try (TopicReader deadLetters = new TopicReader(Topics.AUDIT_DLQ)) {
            // When
            publish(actor, notJson, EventTypes.OPERATOR_ACTION, null);
            publish(actor, noTarget, EventTypes.OPERATOR_ACTION, null);
            publish(actor, unknownAction, EventTypes.OPERATOR_ACTION, null);
            publish(actor, nextVersion, "io.apiguard.operator.action.v2", null);
            publish(actor, json(good), EventTypes.OPERATOR_ACTION, good);

            // Then: the good one is kept, alone
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .queryParam("actor", actor)
                            .get(ACTIONS)
                            .then()
                            .statusCode(200)
                            .body("items.id", contains(id(good)))
                            .body("items[0].details.mode", equalTo("enforce")));

            // And each refusal is a dead letter as sent, with its key and its reason
            List<TopicReader.Received> letters = deadLetters.await(record -> actor.equals(record.key()), 4);
            assertThat(letters)
                    .extracting(TopicReader.Received::value)
                    .containsExactlyInAnyOrder(notJson, noTarget, unknownAction, nextVersion);
            assertThat(reason(letters, notJson)).startsWith("not valid JSON");
            assertThat(reason(letters, noTarget)).isEqualTo("targetId is required and must not be blank");
            assertThat(reason(letters, unknownAction)).contains("rule-deleted");
            assertThat(reason(letters, nextVersion))
                    .isEqualTo(
                            "CloudEvents type 'io.apiguard.operator.action.v2' is not " + EventTypes.OPERATOR_ACTION);
        }
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        asViewer()
                .queryParam("action", "rule-deleted")
                .get(ACTIONS)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("action must be one of"));
        asViewer()
                .queryParam("from", "yesterday")
                .get(ACTIONS)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("from must be an ISO-8601 instant"));
        asViewer()
                .queryParam("to", "2026-13-01T00:00:00Z")
                .get(ACTIONS)
                .then()
                .statusCode(400)
                .body("detail", containsString("to must be"));
        asViewer()
                .queryParam("from", "2026-11-22T10:00:00Z")
                .queryParam("to", "2026-11-22T09:00:00Z")
                .get(ACTIONS)
                .then()
                .statusCode(400)
                .body("detail", equalTo("from must lie before to"));
        asViewer()
                .queryParam("cursor", "bm90LWEtY3Vyc29y")
                .get(ACTIONS)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("cursor"));
        for (String limit : List.of("0", "1001", "ten")) {
            asViewer()
                    .queryParam("limit", limit)
                    .get(ACTIONS)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("limit must be within"));
        }
        asViewer().queryParam("limit", 1).get(ACTIONS).then().statusCode(200).body("items", notNullValue());
    }

    private JsonPath page(String actor, String cursor) {
        var request = asViewer().queryParam("actor", actor).queryParam("limit", 2);
        if (cursor != null) {
            request = request.queryParam("cursor", cursor);
        }
        return request.get(ACTIONS).then().statusCode(200).extract().jsonPath();
    }

    /** Publishes {@code value} in CloudEvents binary mode, as the apps' emitters do. */
    private void publish(String key, String value, String type, OperatorAction action) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.AUDIT, key, value);
        String service = action == null ? "enforcement-service" : action.service();
        header(record, "ce_specversion", "1.0");
        header(
                record,
                "ce_id",
                action == null ? UUID.randomUUID().toString() : action.id().toString());
        header(record, "ce_type", type);
        header(record, "ce_source", EventTypes.source(service));
        header(record, "ce_time", (action == null ? Instant.now() : action.occurredAt()).toString());
        header(record, "content-type", "application/json");
        producer.send(record).get();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static OperatorAction action(
            Instant at,
            String service,
            String actor,
            OperatorActionKind kind,
            String targetType,
            String targetId,
            String reason,
            Map<String, String> details) {
        return new OperatorAction(
                UUID.randomUUID(),
                at,
                service,
                actor,
                List.of("operator", "viewer"),
                kind,
                targetType,
                targetId,
                reason,
                details);
    }

    private static String reason(List<TopicReader.Received> letters, String value) {
        return letters.stream()
                .filter(letter -> letter.value().equals(value))
                .findFirst()
                .orElseThrow()
                .header("dead-letter-reason");
    }

    private static String id(OperatorAction action) {
        return action.id().toString();
    }

    private static String json(OperatorAction action) throws Exception {
        return EventJson.mapper().writeValueAsString(action);
    }
}
