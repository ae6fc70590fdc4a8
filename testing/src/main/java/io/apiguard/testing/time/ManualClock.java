package io.apiguard.testing.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that stands still until the test moves it, for classes that take a {@link Clock} and keep time windows
 * (sliding counts, expiries): the test says what time it is instead of waiting for it. One test thread moves it;
 * the instant is volatile, so the threads of the class under test see each move.
 */
public final class ManualClock extends Clock {

    private volatile Instant now;

    /** A clock showing {@code start}. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward (or back, with a negative duration) by {@code duration}. */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock: it shows UTC, and instants do not depend on a zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
