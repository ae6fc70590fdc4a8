package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.apiguard.detection.TestCalls;

class VolumeExfiltrationDetectorTest {

    private static final long WINDOW = 5 * 60_000;

    private final VolumeExfiltrationDetector detector =
            new VolumeExfiltrationDetector(VolumeExfiltrationDetector.Settings.defaults());
    private final Replay replay = new Replay(detector);

    @Test
    void bytesFarAboveTheSubjectsOwnBaselineFireWhileATwinWhoseBaselineIsThatHighStaysSilent() {
        // Given six windows: mallory reads about 100 kB per window, the reporting service about 20 MB
        for (int window = 0; window < 6; window++) {
            for (int i = 0; i < 20; i++) {
                long at = T0 + window * WINDOW + i * 1000;
                replay.run(TestCalls.by("mallory")
                        .at(at)
                        .bytes(5_000 + (i % 3) * 100)
                        .plain("GET", "/reports"));
                replay.run(TestCalls.by("reporting")
                        .at(at)
                        .bytes(1_000_000 + (i % 3) * 10_000)
                        .plain("GET", "/reports"));
            }
        }

        // When both read 20 MB in the seventh window
        for (int i = 0; i < 20; i++) {
            long at = T0 + 6 * WINDOW + i * 1000;
            replay.run(TestCalls.by("mallory").at(at).bytes(1_000_000).plain("GET", "/reports"));
            replay.run(TestCalls.by("reporting").at(at).bytes(1_000_000).plain("GET", "/reports"));
        }

        // Then
        assertThat(replay.about("reporting")).isEmpty();
        assertThat(replay.about("mallory")).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(VolumeExfiltrationDetector.TYPE);
            assertThat(signal.owaspCategory()).isEqualTo("API3:2023");
        });
        var last = replay.about("mallory").get(replay.about("mallory").size() - 1);
        assertThat(last.figures().get("bytesBaseline")).isBetween(100_000.0, 102_000.0);
        assertThat(last.recommendedAction()).isEqualTo("block-subject");
    }

    @Test
    void aSubjectWithoutALearnedBaselineIsNotJudged() {
        for (int i = 0; i < 50; i++) {
            replay.run(
                    TestCalls.by("newcomer").at(T0 + i * 1000).bytes(10_000_000).plain("GET", "/reports"));
        }
        assertThat(replay.signals).isEmpty();
    }
}
