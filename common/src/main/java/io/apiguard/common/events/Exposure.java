package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an API is reachable from outside the cluster. */
public enum Exposure implements WireValue {
    EXTERNAL("external"),
    INTERNAL("internal");

    private final String wire;

    Exposure(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
