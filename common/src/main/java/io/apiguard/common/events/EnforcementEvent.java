package io.apiguard.common.events;

import java.time.Instant;

/**
 * Payload of {@code apiguard.enforcement}: a rule was created, changed or expired, or a sidecar accepted a pushed rule
 * set. logging-service keeps these as audit records; posture-service compares each sidecar's last accepted version
 * with the current one (Level 5).
 *
 * @param kind           what happened
 * @param rule           the rule concerned; null for {@code rule-set-pushed}
 * @param ruleSetVersion the active rule-set version after the change
 * @param sidecar        the sidecar that accepted the push ({@code namespace/pod}); null otherwise
 * @param occurredAt     when it happened
 */
public record EnforcementEvent(
        EnforcementEventKind kind, EnforcementRule rule, long ruleSetVersion, String sidecar, Instant occurredAt) {

    public EnforcementEvent {
        Require.present(kind, "kind");
        Require.present(occurredAt, "occurredAt");
        Require.notNegative(ruleSetVersion, "ruleSetVersion");
        boolean push = kind == EnforcementEventKind.RULE_SET_PUSHED;
        if (push ? sidecar == null || sidecar.isBlank() : rule == null) {
            throw new IllegalArgumentException(kind.wire() + " needs " + (push ? "a sidecar" : "a rule"));
        }
    }
}
