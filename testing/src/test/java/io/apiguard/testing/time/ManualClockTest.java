package io.apiguard.testing.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void itStandsStillUntilMoved() {
        ManualClock clock = new ManualClock(T0);

        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());

        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(300));

        clock.advance(Duration.ofMinutes(-10));
        assertThat(clock.instant()).isEqualTo(T0.minusSeconds(300));
    }

    @Test
    void itIsUtcWhateverZoneIsAsked() {
        ManualClock clock = new ManualClock(T0);

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneId.of("Europe/Paris"))).isSameAs(clock);
    }
}
