package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** The lifecycle of a detection: one ongoing incident is one detection that is updated. */
public enum DetectionState implements WireValue {
    OPEN("open"),
    ONGOING("ongoing"),
    CLOSED("closed"),
    FALSE_POSITIVE("false-positive");

    private final String wire;

    DetectionState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
