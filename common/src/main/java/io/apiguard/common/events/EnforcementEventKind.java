package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a rule or a rule set. */
public enum EnforcementEventKind implements WireValue {
    RULE_CREATED("rule-created"),
    RULE_CHANGED("rule-changed"),
    RULE_EXPIRED("rule-expired"),
    RULE_SET_PUSHED("rule-set-pushed");

    private final String wire;

    EnforcementEventKind(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
