package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the in-line sidecar did with a call. */
public enum DecisionOutcome implements WireValue {
    ALLOWED("allowed"),
    BLOCKED("blocked"),
    MONITORED("monitored");

    private final String wire;

    DecisionOutcome(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
