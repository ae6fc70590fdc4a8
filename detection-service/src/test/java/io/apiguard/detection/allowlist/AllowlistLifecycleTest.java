package io.apiguard.detection.allowlist;

import static io.apiguard.testing.oidc.Tokens.anonymously;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.TestClock;
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

/**
 * An allowlist entry ends: withdrawn by an operator (audited, attributed) or expired by the clock, and from then on
 * the detection type is raised again for the subject, by the stream on the real broker.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class AllowlistLifecycleTest {

    @Inject
    Allowlist allowlist;

    @Inject
    AllowlistService service;

    @Inject
    TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private StreamSupport stream;

    @BeforeEach
    void connect() {
        stream = new StreamSupport();
    }

    @AfterEach
    void disconnect() {
        clock.reset();
        stream.close();
    }

    private void publishXss(String subject) throws Exception {
        stream.publishAll(List.of(TestCalls.by(subject)
                .query("q=<script>alert(1)</script>")
                .at(System.currentTimeMillis())
                .raw("GET", "/search")));
    }

    /** Marks the open xss detection of {@code subject} a false positive; returns its allowlist entry's id. */
    private String markedFalsePositive(String subject, String allowFor) throws Exception {
        publishXss(subject);
        Detection xss =
                stream.await(d -> subject.equals(d.subject()) && d.type().equals("xss"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        asViewer().get("/api/v1/detections/" + xss.id()).then().statusCode(200));
        return asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "load test", "allowFor", allowFor))
                .post("/api/v1/detections/" + xss.id() + "/false-positive")
                .then()
                .statusCode(200)
                .extract()
                .path("falsePositive.allowlistEntry");
    }

    /** Publishes xss and then path traversal by {@code subject}; once the second is raised, the first was judged. */
    private void publishXssThenPathTraversal(String subject) throws Exception {
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
    }

    /** Awaits an open xss detection of {@code subject} produced after {@code after}: raised again. */
    private void awaitRaisedAgain(String subject, Instant after) {
        // Detections carry event times in whole milliseconds.
        Instant since = after.truncatedTo(ChronoUnit.MILLIS);
        Detection again = stream.await(d -> subject.equals(d.subject())
                && d.type().equals("xss")
                && d.state() == DetectionState.OPEN
                && !d.updatedAt().isBefore(since));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/detections/" + again.id())
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("open"))
                        .body("falsePositive", nullValue()));
    }

    @Test
    void aWithdrawnEntryNoLongerSuppressesAndTheWithdrawalIsAudited() throws Exception {
        // Given an active entry that suppresses the subject's xss
        String subject = "withdrawn-" + run;
        String entry = markedFalsePositive(subject, "P1D");
        publishXssThenPathTraversal(subject);
        List<Detection> xssVersions = stream.all(Duration.ofMillis(300)).stream()
                .filter(d -> subject.equals(d.subject()) && d.type().equals("xss"))
                .toList();
        assertThat(xssVersions.get(xssVersions.size() - 1).state()).isEqualTo(DetectionState.FALSE_POSITIVE);

        try (TopicReader audit = new TopicReader(Topics.AUDIT)) {
            // When only an operator may withdraw it
            anonymously()
                    .delete("/api/v1/allowlist/" + entry)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
            asViewer()
                    .delete("/api/v1/allowlist/" + entry)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            Instant withdrawnAfter = Instant.now();
            asOperator()
                    .queryParam("reason", "the load test is over")
                    .delete("/api/v1/allowlist/" + entry)
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("withdrawn"))
                    .body("withdrawnBy", equalTo(Tokens.OPERATOR))
                    .body("createdBy", equalTo(Tokens.OPERATOR));

            // Then it is listed as withdrawn, no longer as active
            asViewer().get("/api/v1/allowlist").then().statusCode(200).body("items.id", not(hasItem(entry)));
            asViewer()
                    .queryParam("state", "withdrawn")
                    .get("/api/v1/allowlist")
                    .then()
                    .statusCode(200)
                    .body("items.find { it.id == '" + entry + "' }.withdrawnBy", equalTo(Tokens.OPERATOR));
            assertThat(allowlist.allows("xss", subject)).isFalse();

            // And the withdrawal is on apiguard.audit
            TopicReader.Received received = audit.await(
                            r -> r.value().contains(entry)
                                    && action(r).action() == OperatorActionKind.ALLOWLIST_ENTRY_WITHDRAWN,
                            1)
                    .get(0);
            OperatorAction action = action(received);
            assertThat(received.key()).isEqualTo(Tokens.OPERATOR);
            assertThat(action.actor()).isEqualTo(Tokens.OPERATOR);
            assertThat(action.targetType()).isEqualTo("allowlist-entry");
            assertThat(action.targetId()).isEqualTo(entry);
            assertThat(action.reason()).isEqualTo("the load test is over");
            assertThat(action.details()).containsEntry("incidentKey", subject).containsEntry("detectionType", "xss");

            // And the type is raised again for that subject
            publishXss(subject);
            awaitRaisedAgain(subject, withdrawnAfter);

            // And an entry is withdrawn once; an unknown one is a 404
            asOperator()
                    .delete("/api/v1/allowlist/" + entry)
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
            asOperator()
                    .delete("/api/v1/allowlist/no-such-entry")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void anExpiredEntryNoLongerSuppressesHereNorAfterAReload() throws Exception {
        // Given an entry for an hour
        String subject = "expiring-" + run;
        String entry = markedFalsePositive(subject, "PT1H");
        assertThat(allowlist.allows("xss", subject)).isTrue();

        // When the hour has passed
        clock.advance(Duration.ofHours(1).plusSeconds(1));

        // Then it suppresses nothing, is listed as expired, and a reload does not bring it back
        assertThat(allowlist.allows("xss", subject)).isFalse();
        asViewer().get("/api/v1/allowlist").then().statusCode(200).body("items.id", not(hasItem(entry)));
        asViewer()
                .queryParam("state", "expired")
                .get("/api/v1/allowlist")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + entry + "' }.state", equalTo("expired"));
        service.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(allowlist.allows("xss", subject)).isFalse();
        asOperator().delete("/api/v1/allowlist/" + entry).then().statusCode(409);

        // And the type is raised again for that subject
        Instant expiredAfter = Instant.now();
        publishXss(subject);
        awaitRaisedAgain(subject, expiredAfter);
    }

    @Test
    void aDetectionWhoseEntryWasWithdrawnCanBeMarkedAgain() throws Exception {
        // Given a verdict, which cannot be given twice while its entry is active, and then its withdrawal
        String subject = "remarked-" + run;
        String first = markedFalsePositive(subject, "P1D");
        String detectionId = asViewer()
                .get("/api/v1/allowlist")
                .then()
                .extract()
                .path("items.find { it.id == '" + first + "' }.detectionId");
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "still a load test"))
                .post("/api/v1/detections/" + detectionId + "/false-positive")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        asOperator().delete("/api/v1/allowlist/" + first).then().statusCode(200);

        // When it is marked again
        String second = asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "after all"))
                .post("/api/v1/detections/" + detectionId + "/false-positive")
                .then()
                .statusCode(200)
                .body("falsePositive.reason", equalTo("after all"))
                .extract()
                .path("falsePositive.allowlistEntry");

        // Then a new entry suppresses again
        assertThat(second).isNotEqualTo(first);
        assertThat(allowlist.allows("xss", subject)).isTrue();
        asViewer()
                .get("/api/v1/allowlist")
                .then()
                .body("items.find { it.id == '" + second + "' }.state", equalTo("active"));
    }

    @Test
    void aReloadKeepsTheActiveEntriesOfEveryReplica() throws Exception {
        // Given an active entry, as another replica would have written it
        String subject = "reloaded-" + run;
        markedFalsePositive(subject, "P1D");

        // When this replica reloads
        service.refresh().await().atMost(Duration.ofSeconds(10));

        // Then it still suppresses, and the status counts it
        assertThat(allowlist.allows("xss", subject)).isTrue();
        asViewer()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .body("evidence.detection.allowlistEntries", greaterThanOrEqualTo(1));
    }

    @Test
    void anUnknownStateFilterIsAProblem() {
        asViewer()
                .queryParam("state", "forgotten")
                .get("/api/v1/allowlist")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("state must be one of [active, expired, withdrawn] or all, not 'forgotten'"));
        anonymously().get("/api/v1/allowlist").then().statusCode(401);
    }

    private static OperatorAction action(TopicReader.Received received) {
        try {
            return EventJson.mapper().readValue(received.value(), OperatorAction.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
