package io.apiguard.detection.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConfidenceTest {

    @Test
    void evidenceRaisesThePriorTowardsButNeverToCertainty() {
        assertThat(Confidence.calibrated(0.7, List.of())).isEqualTo(0.7);
        assertThat(Confidence.calibrated(0.7, List.of(1.0))).isEqualTo(0.82);
        assertThat(Confidence.calibrated(0.7, List.of(0.5))).isEqualTo(0.76);
        assertThat(Confidence.calibrated(0.7, List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)))
                .isEqualTo(0.99);
        // Out-of-range strengths are clamped
        assertThat(Confidence.calibrated(0.7, List.of(-3.0, 7.0))).isEqualTo(0.82);
    }

    @Test
    void howFarPastTheThresholdIsZeroAtItAndHalfAtTwiceIt() {
        assertThat(Confidence.past(20, 20)).isZero();
        assertThat(Confidence.past(10, 20)).isZero();
        assertThat(Confidence.past(40, 20)).isEqualTo(0.5);
        assertThat(Confidence.past(5, 0)).isZero();
    }
}
