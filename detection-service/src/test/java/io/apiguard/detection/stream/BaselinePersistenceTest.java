package io.apiguard.detection.stream;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Detection;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.baseline.BaselineStore;
import io.apiguard.detection.engine.PartitionPipeline;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A partition's learned baselines go to PostgreSQL when it is revoked (or the app stops) and come back when it is
 * assigned again, to this replica after a restart or to another one: the attack that only a learned baseline reveals
 * is still caught, and the busy twin is still left alone.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class BaselinePersistenceTest {

    /** A partition number the call stream does not have, so the test owns it alone. */
    private static final int PARTITION = 77;

    private static final long MINUTE = 60_000;

    @Inject
    DetectionPipeline pipeline;

    @Inject
    BaselineStore store;

    @Test
    void aRevokedPartitionsBaselinesAreReloadedOnAssignment() {
        // Given a partition that learned a quiet subject and a busy one
        String run = UUID.randomUUID().toString().substring(0, 8);
        String quiet = "quiet-" + run;
        String busy = "busy-" + run;
        PartitionPipeline before = pipeline.engine().pipeline(PARTITION);
        for (int minute = 0; minute < 6; minute++) {
            for (int i = 0; i < 200; i++) {
                long at = T0 + minute * MINUTE + i * 250;
                if (i < 40) {
                    before.process(TestCalls.by(quiet).ip("10.60.0.1").at(at).plain("GET", "/accounts"));
                }
                before.process(TestCalls.by(busy).ip("10.60.0.2").at(at).plain("GET", "/accounts"));
            }
        }
        Map<String, String> learned = before.snapshot(EventJson.mapper());

        // When it is revoked and assigned again
        store.persistAndDrop(PARTITION, Instant.now()).await().atMost(Duration.ofSeconds(10));
        assertThat(pipeline.engine().pipelines()).noneMatch(p -> p.partition() == PARTITION);
        assertThat(Integer.parseInt(PostgresResource.database()
                        .queryForString("SELECT count(*) FROM detector_baseline WHERE topic_partition = " + PARTITION)))
                .isGreaterThanOrEqualTo(3);
        store.reload(PARTITION).await().atMost(Duration.ofSeconds(10));

        // Then
        PartitionPipeline after = pipeline.engine().pipeline(PARTITION);
        assertThat(after).isNotSameAs(before);
        assertThat(after.snapshot(EventJson.mapper())).isEqualTo(learned);
        List<Detection> raised = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long at = T0 + 60 * MINUTE + i * 250;
            after.process(TestCalls.by(quiet).ip("10.60.0.1").at(at).plain("GET", "/accounts"))
                    .forEach(keyed -> raised.add(keyed.detection()));
            after.process(TestCalls.by(busy).ip("10.60.0.2").at(at).plain("GET", "/accounts"))
                    .forEach(keyed -> raised.add(keyed.detection()));
        }
        assertThat(raised).extracting(Detection::type).contains("rate-anomaly");
        assertThat(raised).extracting(Detection::subject).contains(quiet).doesNotContain(busy);
        pipeline.engine().remove(PARTITION);
    }
}
