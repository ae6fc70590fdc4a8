package io.apiguard.detection.allowlist;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.apiguard.detection.engine.Allowlist;
import io.quarkus.arc.DefaultBean;

/** The one {@link Allowlist} every partition and the egress correlation consult, and the clock its expiries follow. */
@Singleton
public class AllowlistProducer {

    /**
     * The clock of verdicts, withdrawals and allowlist expiry. A default bean, so a test can drive expiry with a clock
     * of its own instead of waiting for it.
     */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Allowlist allowlist(Clock clock) {
        return new Allowlist(clock);
    }
}
