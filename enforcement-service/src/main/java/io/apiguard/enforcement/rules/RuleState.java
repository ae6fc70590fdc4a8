package io.apiguard.enforcement.rules;

import com.fasterxml.jackson.annotation.JsonValue;

import io.apiguard.common.events.WireValue;

/** Where a stored rule is in its life: only {@code active} rules are distributed. */
public enum RuleState implements WireValue {
    ACTIVE("active"),
    EXPIRED("expired"),
    DELETED("deleted");

    private final String wire;

    RuleState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    static RuleState of(String wire) {
        for (RuleState state : values()) {
            if (state.wire.equals(wire)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown rule state " + wire);
    }
}
