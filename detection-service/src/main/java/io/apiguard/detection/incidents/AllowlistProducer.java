package io.apiguard.detection.incidents;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.apiguard.detection.engine.Allowlist;

/** The one {@link Allowlist} every partition and the egress correlation consult. */
@Singleton
public class AllowlistProducer {

    @Produces
    @Singleton
    Allowlist allowlist() {
        return new Allowlist();
    }
}
