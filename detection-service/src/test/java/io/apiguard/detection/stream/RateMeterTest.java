package io.apiguard.detection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    private static final long T0 = 1_800_000_000_000L;

    @Test
    void theRateCountsTheFullSecondsBeforeNowNotTheOneStillFilling() {
        // Given: 5 events in each of ten seconds, and 100 in the current one (which reuses the first one's slot)
        RateMeter meter = new RateMeter();
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 5; i++) {
                meter.mark(T0 + second * 1000L + i);
            }
        }
        for (int i = 0; i < 100; i++) {
            meter.mark(T0 + 10_000 + i);
        }

        // Then
        assertThat(meter.perSecond(T0 + 10_500)).isEqualTo(4.5);
    }

    @Test
    void secondsOlderThanTheWindowAreNotCountedAndAReusedSlotStartsAtZero() {
        // Given
        RateMeter meter = new RateMeter();
        for (int i = 0; i < 50; i++) {
            meter.mark(T0 + i);
        }

        // When: eleven seconds later the slot of T0 is used again
        meter.mark(T0 + 10_000);

        // Then
        assertThat(meter.perSecond(T0 + 10_999)).isZero();
        assertThat(meter.perSecond(T0 + 11_000)).isEqualTo(0.1);
        assertThat(meter.perSecond(T0 + 30_000)).isZero();
    }

    @Test
    void nothingMarkedIsNoRate() {
        assertThat(new RateMeter().perSecond(T0)).isZero();
    }
}
