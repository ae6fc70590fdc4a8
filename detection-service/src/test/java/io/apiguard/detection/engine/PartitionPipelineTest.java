package io.apiguard.detection.engine;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Detection;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.detectors.Detectors;

class PartitionPipelineTest {

    private static final long MINUTE = 60_000;
    private static final IncidentTracker.Settings INCIDENTS =
            new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 1000);

    private static PartitionPipeline pipeline(Allowlist allowlist) {
        return new PartitionPipeline(0, Detectors.defaults(), INCIDENTS, allowlist);
    }

    private static void learnRates(PartitionPipeline pipeline) {
        for (int minute = 0; minute < 6; minute++) {
            for (int i = 0; i < 200; i++) {
                long at = T0 + minute * MINUTE + i * 250;
                if (i < 40) {
                    pipeline.process(
                            TestCalls.by("mallory").ip("10.0.0.66").at(at).plain("GET", "/accounts"));
                }
                pipeline.process(TestCalls.by("batch").ip("10.0.0.77").at(at).plain("GET", "/accounts"));
            }
        }
    }

    private static List<Detection> spike(PartitionPipeline pipeline) {
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long at = T0 + 60 * MINUTE + i * 250;
            pipeline.process(TestCalls.by("mallory").ip("10.0.0.66").at(at).plain("GET", "/accounts"))
                    .forEach(keyed -> out.add(keyed.detection()));
            pipeline.process(TestCalls.by("batch").ip("10.0.0.77").at(at).plain("GET", "/accounts"))
                    .forEach(keyed -> out.add(keyed.detection()));
        }
        return out;
    }

    @Test
    void learnedBaselinesSurviveASnapshotIntoAFreshPipeline() {
        // Given
        PartitionPipeline before = pipeline(new Allowlist());
        learnRates(before);
        Map<String, String> snapshot = before.snapshot(EventJson.mapper());

        // When a fresh pipeline (a restart, another replica) restores it
        PartitionPipeline after = pipeline(new Allowlist());
        after.restore(snapshot, EventJson.mapper());

        // Then it knows the baselines: the quiet subject's flood fires, the busy twin does not
        assertThat(after.snapshot(EventJson.mapper())).isEqualTo(snapshot);
        List<Detection> raised = spike(after);
        assertThat(raised).extracting(Detection::subject).contains("mallory").doesNotContain("batch");
        assertThat(raised).extracting(Detection::type).contains("rate-anomaly");
    }

    @Test
    void withoutTheBaselinesTheSameSpikeGoesUnnoticed() {
        assertThat(spike(pipeline(new Allowlist()))).isEmpty();
    }

    @Test
    void anAllowlistedTypeAndSubjectIsNeverRaised() {
        Allowlist allowlist = new Allowlist();
        Instant nextWeek = Instant.now().plus(Duration.ofDays(7));
        allowlist.allow(new Allowlist.Entry("e1", "rate-anomaly", "mallory", nextWeek));
        allowlist.allow(new Allowlist.Entry("e2", "rate-anomaly", "ip:10.0.0.66", nextWeek));
        PartitionPipeline pipeline = pipeline(allowlist);
        learnRates(pipeline);

        assertThat(spike(pipeline)).isEmpty();
    }
}
