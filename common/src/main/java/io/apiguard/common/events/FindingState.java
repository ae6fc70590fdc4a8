package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** The lifecycle of a posture finding. */
public enum FindingState implements WireValue {
    OPEN("open"),
    ACKNOWLEDGED("acknowledged"),
    RESOLVED("resolved"),
    SUPPRESSED("suppressed");

    private final String wire;

    FindingState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
