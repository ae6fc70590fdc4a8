package io.apiguard.common.events;

import java.time.Instant;

/**
 * Payload of {@code apiguard.enforcement}: a rule was created, changed or expired, or a rule set reached a sidecar.
 * logging-service keeps these as audit records.
 *
 * @param kind           what happened
 * @param rule           the rule concerned; null for {@code rule-set-pushed}
 * @param ruleSetVersion the active rule-set version after the change
 * @param sidecar        the sidecar a push went to; null otherwise
 * @param occurredAt     when it happened
 */
public record EnforcementEvent(
        EnforcementEventKind kind,
        EnforcementRule rule,
        long ruleSetVersion,
        String sidecar,
        Instant occurredAt) {

    public EnforcementEvent {
        Require.present(kind, "kind");
        Require.present(occurredAt, "occurredAt");
        if (kind == EnforcementEventKind.RULE_SET_PUSHED ? sidecar == null : rule == null) {
            throw new IllegalArgumentException(kind.wire() + " needs " + (kind == EnforcementEventKind.RULE_SET_PUSHED ? "a sidecar" : "a rule"));
        }
    }
}
