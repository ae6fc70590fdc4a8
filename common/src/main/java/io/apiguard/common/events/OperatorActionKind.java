package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an operator did; every write of every apiguard API is one of these. */
public enum OperatorActionKind implements WireValue {
    FINDING_ACKNOWLEDGED("finding-acknowledged"),
    FINDING_UNACKNOWLEDGED("finding-unacknowledged"),
    FINDING_SUPPRESSED("finding-suppressed"),
    SUPPRESSION_WITHDRAWN("suppression-withdrawn"),
    DETECTION_MARKED_FALSE_POSITIVE("detection-marked-false-positive"),
    ALLOWLIST_ENTRY_WITHDRAWN("allowlist-entry-withdrawn"),
    RULE_CREATED("rule-created"),
    RULE_CHANGED("rule-changed"),
    RULE_EXPIRED("rule-expired");

    private final String wire;

    OperatorActionKind(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
