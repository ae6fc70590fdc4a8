package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.PolicyBar;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.engine.PartitionPipeline;

/**
 * With enforcement's default policy ({@link PolicyBar}: what {@code PolicyConfig} defaults to), a first-time enumerator
 * is blocked, and honest users as busy as he is are not: not detected at all, or detected below the bar.
 */
class FirstTimeEnumeratorBlockingTest {

    private final PartitionPipeline pipeline = new PartitionPipeline(
            0,
            Detectors.defaults(),
            new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 1000),
            new Allowlist());

    @Test
    void aFirstTimeEnumeratorReachesTheDefaultPolicysBarFromItsFirstDetection() {
        // Given a subject never seen before walking account ids, and an honest user as busy on his own account
        List<KeyedDetection> raised = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            raised.addAll(pipeline.process(
                    TestCalls.by("first-timer").at(T0 + i * 500L).account(String.valueOf(9000 + i))));
            raised.addAll(pipeline.process(
                    TestCalls.by("busy-honest").at(T0 + i * 500L).account("9000")));
        }

        // Then the first version published of his detection is already blockable by the default policy
        assertThat(raised)
                .isNotEmpty()
                .allSatisfy(keyed -> assertThat(keyed.incidentKey()).isEqualTo("first-timer"));
        Detection first = raised.get(0).detection();
        assertThat(first.type()).isEqualTo(ObjectEnumerationDetector.TYPE);
        assertThat(blockedByDefaultPolicy(first)).isTrue();
        assertThat(first.recommendedAction()).isEqualTo(RecommendedActions.BLOCK_SUBJECT);
    }

    @Test
    void anHonestUserWhoRereadsEveryRecordIsDetectedBelowTheBar() {
        // Given a back-office user going through consecutive records, opening each one twice (detail, then refresh)
        List<KeyedDetection> raised = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            raised.addAll(
                    pipeline.process(TestCalls.by("clerk").at(T0 + i * 500L).account(String.valueOf(9000 + i / 2))));
        }

        // Then the walk is seen, but the evidence (half the calls reread) keeps it under the default policy's bar
        assertThat(raised).isNotEmpty().allSatisfy(keyed -> {
            assertThat(keyed.detection().confidence()).isLessThan(Double.parseDouble(PolicyBar.MIN_CONFIDENCE));
            assertThat(blockedByDefaultPolicy(keyed.detection())).isFalse();
        });
    }

    /** What enforcement's policy asks of a detection before it makes a rule, with its default settings. */
    private static boolean blockedByDefaultPolicy(Detection detection) {
        return detection.severity().compareTo(severity(PolicyBar.MIN_SEVERITY)) >= 0
                && detection.confidence() >= Double.parseDouble(PolicyBar.MIN_CONFIDENCE)
                && detection.recommendedAction().startsWith("block-");
    }

    private static Severity severity(String wire) {
        for (Severity severity : Severity.values()) {
            if (severity.wire().equals(wire)) {
                return severity;
            }
        }
        throw new IllegalArgumentException(wire);
    }
}
