package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.apiguard.detection.TestCalls;

class UnusualAccessDetectorTest {

    private static final long MINUTE = 60_000;

    private final Replay replay = new Replay(new UnusualAccessDetector(
            new UnusualAccessDetector.Settings(Duration.ofHours(1), 20, Duration.ofMinutes(10), 10, 3, 256, 64, 1000)));

    private void learn(String... subjects) {
        for (int i = 0; i < 100; i++) {
            for (String subject : subjects) {
                replay.run(TestCalls.by(subject).at(T0 + i * MINUTE / 2).account(subject + "-" + (i % 5)));
            }
        }
    }

    @Test
    void aUserTouchingRecordsItNeverTouchesFiresWhileItsTwinOnItsOwnRecordsStaysSilent() {
        // Given alice and bob each learned their five accounts during the first hour
        learn("alice", "bob");

        // When both make 100 calls: alice on 30 accounts she never touched, bob on his own
        long later = T0 + 2 * 60 * MINUTE;
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by("alice").at(later + i * 1000).account("other-" + (i % 30)));
            replay.run(TestCalls.by("bob").at(later + i * 1000).account("bob-" + (i % 5)));
        }

        // Then
        assertThat(replay.about("bob")).isEmpty();
        assertThat(replay.about("alice")).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(UnusualAccessDetector.TYPE);
            assertThat(signal.figures().get("learnedObjects")).isEqualTo(5.0);
        });
    }

    @Test
    void aResourceTypeOutsideTheLearnedSetFires() {
        learn("carol", "dave");
        long later = T0 + 2 * 60 * MINUTE;

        for (int i = 0; i < 3; i++) {
            replay.run(TestCalls.by("carol").at(later + i * 1000).call("GET", "/payroll/{id}", "payroll", "7"));
            replay.run(TestCalls.by("dave").at(later + i * 1000).account("dave-1"));
        }

        assertThat(replay.about("dave")).isEmpty();
        assertThat(replay.about("carol"))
                .singleElement()
                .satisfies(signal ->
                        assertThat(signal.figures().get("novelResourceTypes")).isEqualTo(1.0));
    }

    @Test
    void nothingIsJudgedDuringTheLearningPeriod() {
        for (int i = 0; i < 200; i++) {
            replay.run(TestCalls.by("erin").at(T0 + i * 1000).account(String.valueOf(i)));
        }
        assertThat(replay.signals).isEmpty();
    }
}
