package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.apiguard.detection.TestCalls;

class RateAnomalyDetectorTest {

    private static final long MINUTE = 60_000;

    private final Replay replay = new Replay(new RateAnomalyDetector(RateAnomalyDetector.Settings.defaults()));

    @Test
    void aQuietSubjectThatFloodsFiresWhileAConsistentlyBusyTwinStaysSilent() {
        // Given six minutes: mallory makes 50 calls a minute, the busy batch job 600, from their own addresses
        for (int minute = 0; minute < 6; minute++) {
            for (int i = 0; i < 600; i++) {
                long at = T0 + minute * MINUTE + i * 100;
                if (i < 50) {
                    replay.run(TestCalls.by("mallory").ip("10.0.0.66").at(at).plain("GET", "/accounts"));
                }
                replay.run(TestCalls.by("batch").ip("10.0.0.77").at(at).plain("GET", "/accounts"));
            }
        }

        // When both make 600 calls in the seventh minute
        for (int i = 0; i < 600; i++) {
            long at = T0 + 6 * MINUTE + i * 100;
            replay.run(TestCalls.by("mallory").ip("10.0.0.66").at(at).plain("GET", "/accounts"));
            replay.run(TestCalls.by("batch").ip("10.0.0.77").at(at).plain("GET", "/accounts"));
        }

        // Then
        assertThat(replay.about("batch")).isEmpty();
        assertThat(replay.about("ip:10.0.0.77")).isEmpty();
        assertThat(replay.about("mallory")).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(RateAnomalyDetector.TYPE);
            assertThat(signal.recommendedAction()).isEqualTo("rate-limit-subject");
        });
        assertThat(replay.about("ip:10.0.0.66"))
                .isNotEmpty()
                .allSatisfy(signal -> assertThat(signal.recommendedAction()).isEqualTo("rate-limit-ip"));
        assertThat(replay.about("mallory").get(0).figures().get("baseline")).isEqualTo(50.0);
    }

    @Test
    void anUnlearnedKeyIsOnlyJudgedAgainstTheCeiling() {
        for (int i = 0; i < 2000; i++) {
            replay.run(TestCalls.by("newcomer").ip("10.0.0.88").at(T0 + i * 20).plain("GET", "/accounts"));
        }
        assertThat(replay.signals).isEmpty();
        for (int i = 0; i < 1500; i++) {
            replay.run(TestCalls.by("newcomer")
                    .ip("10.0.0.88")
                    .at(T0 + 40_000 + i * 10)
                    .plain("GET", "/accounts"));
        }
        assertThat(replay.about("newcomer")).isNotEmpty();
    }
}
