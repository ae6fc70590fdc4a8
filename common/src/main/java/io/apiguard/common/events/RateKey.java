package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the buckets of a rate-limit rule are kept per. {@link #CALLER} and {@link #ADDRESS} slow each caller on its own;
 * {@link #OPERATION} and {@link #API} hold one bucket shared by every caller of the operation or API, so an attack
 * spread over rotating addresses and many accounts (credential stuffing) is slowed as a whole, which no per-caller
 * bucket does: each rotating address starts with a full one.
 */
public enum RateKey implements WireValue {
    /** One bucket per subject, else per client address: the behaviour of a rule that names no key. */
    CALLER("caller"),
    /** One bucket per client address, whatever subject the call carries. */
    ADDRESS("address"),
    /** One bucket per API and operation template, shared by every caller; the rule must match a path template. */
    OPERATION("operation"),
    /** One bucket per API, shared by every caller. */
    API("api");

    private final String wire;

    RateKey(String wire) {
        this.wire = wire;
    }

    /** Whether every caller of the rule's calls draws from the same bucket. */
    public boolean shared() {
        return this == OPERATION || this == API;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
