package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad a finding or detection is, lowest first. */
public enum Severity implements WireValue {
    INFO("info"),
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high"),
    CRITICAL("critical");

    private final String wire;

    Severity(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
