package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an enforcement rule does to a matching call. */
public enum RuleAction implements WireValue {
    BLOCK("block"),
    RATE_LIMIT("rate-limit"),
    MONITOR("monitor");

    private final String wire;

    RuleAction(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
