package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a rule acts on calls or only records what it would have done. */
public enum RuleMode implements WireValue {
    MONITOR("monitor"),
    ENFORCE("enforce");

    private final String wire;

    RuleMode(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
