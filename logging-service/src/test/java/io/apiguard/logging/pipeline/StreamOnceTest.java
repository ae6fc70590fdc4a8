package io.apiguard.logging.pipeline;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.asSidecar;
import static io.apiguard.logging.TestCalls.gatewayCall;
import static io.apiguard.logging.TestCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.logging.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.postgres.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A stored call reaches {@code apiguard.calls.normalized} once: published only when newly stored, so a resend
 * publishes nothing again; a call stored but never acknowledged (the app stopped, the broker was down) is published by
 * the sweep, once; when storing fails nothing is published and the sender is told to resend. Failures are real: the
 * database refuses through a trigger the test installs and removes.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class StreamOnceTest {

    private static final Duration QUIET = Duration.ofMillis(700);

    @Inject
    UnpublishedCallSweeper sweeper;

    @Test
    void aNewCallIsPublishedAndItsNoteCleared() {
        // Given
        ApiCallRecord call = gatewayCall("api.example", "/once/1", "203.0.113.9", Map.of());

        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            // When
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(json(List.of(call)))
                    .post(BATCH)
                    .then()
                    .statusCode(202);

            // Then: answered after the broker acknowledged, so the note is already gone
            topic.await(event -> event.value().contains(call.id().toString()), 1);
            assertThat(notes(call.id())).isZero();
            assertThat(published(topic, call)).isEqualTo(1);
        }
    }

    @Test
    void aStoredCallLeftUnpublishedIsPublishedOnceByTheSweepAndNeverByAResend() {
        // Given: stored, and the app stopped before the broker acknowledged it (the note is left, ten minutes old)
        ApiCallRecord call = gatewayCall("api.example", "/once/2", "203.0.113.9", Map.of());
        storeWithoutPublishing(call);

        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            // When: the sender, never answered, resends
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(json(List.of(call)))
                    .post(BATCH)
                    .then()
                    .statusCode(202)
                    .body("stored", equalTo(0))
                    .body("duplicates", equalTo(1));

            // Then: the resend published nothing
            assertThat(published(topic, call)).isZero();

            // When: the sweep runs, twice
            sweep();
            topic.await(event -> event.value().contains(call.id().toString()), 1);
            sweep();

            // Then: published once, the note cleared
            assertThat(published(topic, call)).isEqualTo(1);
            assertThat(notes(call.id())).isZero();
        }
    }

    @Test
    void aNoteWhoseCallRetentionDroppedIsClearedBySweep() {
        // Given
        UUID gone = UUID.randomUUID();
        database()
                .execute("INSERT INTO api_calls_unpublished (ts, id, queued_at) VALUES ('2020-01-01T00:00:00Z', '"
                        + gone + "', now() - interval '10 minutes')");

        // When
        sweep();

        // Then
        assertThat(notes(gone)).isZero();
    }

    @Test
    void whenStoringFailsTheBatchIsA503AndNothingOfItIsPublished() {
        // Given: the database refuses the statement that stores calls
        ApiCallRecord call = gatewayCall("api.example", "/once/3", "203.0.113.9", Map.of());
        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            refuse("INSERT");
            try {
                // When / Then
                asSidecar()
                        .contentType(ContentType.JSON)
                        .body(json(List.of(call)))
                        .post(BATCH)
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", "5")
                        .body("title", equalTo("Calls not stored"));
                assertThat(TestCalls.stored(call.id())).isNull();
                assertThat(published(topic, call)).isZero();
            } finally {
                allow();
            }

            // When: the sender resends
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(json(List.of(call)))
                    .post(BATCH)
                    .then()
                    .statusCode(202)
                    .body("stored", equalTo(1));

            // Then
            topic.await(event -> event.value().contains(call.id().toString()), 1);
            assertThat(published(topic, call)).isEqualTo(1);
        }
    }

    @Test
    void whenClearingTheNoteFailsTheBatchIsStillAcceptedAndTheNoteWaitsForTheSweep() {
        // Given: the database refuses to clear notes
        ApiCallRecord call = gatewayCall("api.example", "/once/4", "203.0.113.9", Map.of());
        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            refuse("DELETE");
            try {
                // When / Then: stored and published, so the sender is done
                asSidecar()
                        .contentType(ContentType.JSON)
                        .body(json(List.of(call)))
                        .post(BATCH)
                        .then()
                        .statusCode(202)
                        .body("stored", equalTo(1));
                topic.await(event -> event.value().contains(call.id().toString()), 1);
            } finally {
                allow();
            }

            // Then: the note is left; the sweep publishes the call a second time (the one duplicate this design
            // allows: the database failing between the broker's acknowledgement and clearing the note)
            assertThat(notes(call.id())).isOne();
            database()
                    .execute("UPDATE api_calls_unpublished SET queued_at = now() - interval '10 minutes' WHERE id = '"
                            + call.id() + "'");
            sweep();
            assertThat(notes(call.id())).isZero();
            topic.await(event -> event.value().contains(call.id().toString()), 2);
        }
    }

    private void sweep() {
        sweeper.sweep(Instant.now().minus(Duration.ofMinutes(5))).await().atMost(Duration.ofSeconds(30));
    }

    private static long published(TopicReader topic, ApiCallRecord call) {
        return topic.all(QUIET).stream()
                .filter(event -> event.value().contains(call.id().toString()))
                .count();
    }

    private static long notes(UUID id) {
        return Long.parseLong(
                database().queryForString("SELECT count(*) FROM api_calls_unpublished WHERE id = '" + id + "'"));
    }

    /** Stores {@code call} as the pipeline does, with its note ten minutes old, and publishes nothing. */
    private static void storeWithoutPublishing(ApiCallRecord call) {
        String record;
        try {
            record = EventJson.mapper().writeValueAsString(new NormalizedCall(call, List.of(), Instant.now()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        database()
                .execute("INSERT INTO api_calls (id, ts, principal_type, individual, host, method, status, "
                        + "client_ip, decision, object_keys, record) VALUES ('" + call.id() + "', '" + call.timestamp()
                        + "', 'anonymous', false, 'api.example', 'GET', 200, '203.0.113.9', 'allowed', '{}', $record$"
                        + record
                        + "$record$)");
        database()
                .execute("INSERT INTO api_calls_unpublished (ts, id, queued_at) VALUES ('" + call.timestamp() + "', '"
                        + call.id() + "', now() - interval '10 minutes')");
    }

    /** Makes the database refuse {@code operation} on the notes, as a failing database would. */
    private static void refuse(String operation) {
        database()
                .execute("CREATE OR REPLACE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
        database()
                .execute("CREATE TRIGGER test_refuse BEFORE " + operation
                        + " ON api_calls_unpublished FOR EACH ROW EXECUTE FUNCTION test_refuse()");
    }

    private static void allow() {
        database().execute("DROP TRIGGER IF EXISTS test_refuse ON api_calls_unpublished");
    }

    private static TestDatabase database() {
        return PostgresResource.database();
    }
}
