package io.apiguard.detection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.baseline.BaselineStore;
import io.apiguard.detection.detectors.UnusualAccessDetector;
import io.apiguard.detection.engine.PartitionPipeline;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The mission's case through the real broker and PostgreSQL: after a learned working day, an accountant reading a
 * colleague's records one every two minutes is detected minutes in, by name, with the records, their owner and her
 * baseline; her twin on his own records at the same pace, and a colleague without a ready baseline, are not. The
 * baselines and the owners survive a revocation into PostgreSQL and back.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class UnusualAccessStreamTest {

    /** A partition number the call stream does not have, so the persistence test owns it alone. */
    private static final int PARTITION = 78;

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    @Inject
    DetectionPipeline pipeline;

    @Inject
    BaselineStore store;

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
    void aPersonSlowlyReadingAColleaguesRecordsIsDetectedWithinMinutesWhileHerTwinsAreNot() throws Exception {
        // Given yesterday's working day (08:00 to 16:00 in event time): alex, bob and carol each on their own accounts.
        // Owners are learned among the people of one partition (the stream is keyed by person), so bob shares alex's.
        String alex = "alex.s-" + run;
        String bob = onPartitionOf(alex, "bob.k-" + run);
        String carol = "carol-" + run;
        String dave = "dave-" + run;
        long yesterday = System.currentTimeMillis() - 30 * HOUR;
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            long at = yesterday + i * 5 * MINUTE;
            for (String person : List.of(alex, bob, carol)) {
                calls.add(TestCalls.by(person).ip("10.61.0.1").at(at).account(person + "-" + (i % 5)));
            }
        }
        stream.publishAll(calls);

        // When, from 40 minutes before the last full hour, alex reads bob's accounts one every two minutes; carol reads
        // her own and dave,
        // who has no baseline yet, reads bob's, at the same pace
        // Within one clock hour, the detector's window: an attack across the hour would have its first call before
        // the window opens counted in the baseline the evidence quotes (a run between :00 and :20 failed so).
        long attackStart = System.currentTimeMillis() / HOUR * HOUR - 40 * MINUTE;
        calls.clear();
        for (int i = 0; i < 10; i++) {
            long at = attackStart + i * 2 * MINUTE;
            calls.add(TestCalls.by(alex).ip("10.61.0.2").at(at).account(bob + "-" + (i % 5)));
            calls.add(TestCalls.by(carol).ip("10.61.0.3").at(at).account(carol + "-" + (i % 5)));
            calls.add(TestCalls.by(dave).ip("10.61.0.4").at(at).account(bob + "-" + (i % 5)));
        }
        stream.publishAll(calls);

        // Then alex is detected by her fifth record of bob's, eight minutes into the attack, with the evidence
        Detection detection =
                stream.await(d -> alex.equals(d.subject()) && UnusualAccessDetector.TYPE.equals(d.type()));
        assertThat(Duration.between(Instant.ofEpochMilli(attackStart), detection.updatedAt()))
                .isEqualTo(Duration.ofMinutes(8));
        assertThat(detection.owaspCategory()).isEqualTo("API1:2023");
        assertThat(detection.recommendedAction()).isEqualTo("rate-limit-subject");
        assertThat(detection.clientIps()).containsExactly("10.61.0.2");
        assertThat(detection.evidence().callIds()).isNotEmpty();
        assertThat(detection.evidence().figures())
                .containsEntry("foreignObjects", 5.0)
                .containsEntry("baselineCalls", 96.0);
        // eight hours of calls from an arbitrary minute fall in eight or nine clock hours
        assertThat(detection.evidence().figures().get("baselinePeriods")).isBetween(8.0, 9.0);
        assertThat(detection.evidence().summary())
                .startsWith(alex + " read 5 record(s) other people usually handle")
                .contains("accounts/" + bob + "-0 (" + bob + "'s)");
        List<Detection> all = stream.all(Duration.ofMillis(500));
        assertThat(all)
                .filteredOn(d -> UnusualAccessDetector.TYPE.equals(d.type()))
                .extracting(Detection::subject)
                .doesNotContain(carol, dave, bob);
        // and the pace is below every other detector's thresholds: unusual access alone sees it
        assertThat(all)
                .filteredOn(d -> alex.equals(d.subject()))
                .extracting(Detection::type)
                .containsOnly(UnusualAccessDetector.TYPE);
    }

    @Test
    void theBaselinesAndTheOwnersComeBackFromPostgresqlAndStillCatchTheReader() {
        // Given a partition that learned alex's and bob's working day
        String alex = "alex-" + run;
        String bob = "bob-" + run;
        PartitionPipeline before = pipeline.engine().pipeline(PARTITION);
        long day = TestCalls.T0 + 8 * HOUR;
        for (int i = 0; i < 96; i++) {
            before.process(TestCalls.by(alex).at(day + i * 5 * MINUTE).account(alex + "-" + (i % 5)));
            before.process(TestCalls.by(bob).at(day + i * 5 * MINUTE).account(bob + "-" + (i % 5)));
        }

        // When it is revoked and assigned again
        store.persistAndDrop(PARTITION, Instant.now()).await().atMost(Duration.ofSeconds(10));
        store.reload(PARTITION).await().atMost(Duration.ofSeconds(10));

        // Then the fresh pipeline judges alex at once on bob's records
        PartitionPipeline after = pipeline.engine().pipeline(PARTITION);
        assertThat(after).isNotSameAs(before);
        List<Detection> raised = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.process(TestCalls.by(alex)
                            .at(day + 25 * HOUR + i * 2 * MINUTE)
                            .account(bob + "-" + i))
                    .forEach(keyed -> raised.add(keyed.detection()));
        }
        assertThat(raised).singleElement().satisfies(detection -> {
            assertThat(detection.type()).isEqualTo(UnusualAccessDetector.TYPE);
            assertThat(detection.subject()).isEqualTo(alex);
            assertThat(detection.evidence().summary()).contains("(" + bob + "'s)");
        });
        pipeline.engine().remove(PARTITION);
    }

    /** {@code name}, suffixed until the producer's default partitioner puts it on the partition of {@code other}. */
    private String onPartitionOf(String other, String name) {
        int partitions = stream.callPartitions();
        int target = partition(other, partitions);
        for (int i = 0; ; i++) {
            String candidate = name + "-" + i;
            if (partition(candidate, partitions) == target) {
                return candidate;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
