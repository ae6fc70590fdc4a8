package io.apiguard.posture.rules;

import io.apiguard.common.events.Severity;

/**
 * One posture rule: what it checks, why it matters, how to fix it, where it sits in OWASP API Security Top 10 (2023)
 * and NIST CSF 2.0, and the check itself. Immutable; the check is a pure function, safe on any thread.
 *
 * @param id            stable id, e.g. {@code APIG-TLS-001}
 * @param title         one line for operators
 * @param severity      how bad a finding of this rule is
 * @param input         what the rule reads: the inventory (Ingress hints, state) or traffic aggregates
 * @param owaspCategory OWASP API Security Top 10 2023 category, e.g. {@code API8:2023}
 * @param nistCsf       NIST CSF 2.0 subcategory, e.g. {@code PR.DS-02}
 * @param rationale     why it matters
 * @param remediation   what to do
 * @param check         the check
 */
public record PostureRule(
        String id,
        String title,
        Severity severity,
        Input input,
        String owaspCategory,
        String nistCsf,
        String rationale,
        String remediation,
        Check check) {

    /** What a rule reads. */
    public enum Input {
        INVENTORY,
        TRAFFIC
    }

    /** The check of a rule. */
    @FunctionalInterface
    public interface Check {

        /** The violation {@code facts} show, or null when the API complies. */
        Violation test(ApiFacts facts, RuleThresholds thresholds);
    }

    /** The OWASP category's name, e.g. {@code Security Misconfiguration}. */
    public String owaspName() {
        return OwaspApiTop10.name(owaspCategory);
    }
}
