package io.apiguard.common.events;

import java.time.Instant;
import java.util.Map;

/**
 * Payload of {@code apiguard.findings}: a posture rule's verdict on one API, in its current lifecycle state.
 *
 * @param id            stable id of the finding (rule + API)
 * @param ruleId        the rule that raised it, e.g. {@code APIG-TLS-001}
 * @param apiId         the inventoried API it concerns
 * @param namespace     the API's namespace, for per-namespace views
 * @param severity      how bad it is
 * @param state         open, acknowledged, resolved or suppressed
 * @param title         one line for operators
 * @param detail        what was found, with the figures
 * @param owaspCategory OWASP API Security Top 10 (2023) category, e.g. {@code API8:2023}
 * @param nistCsf       NIST CSF 2.0 subcategory, e.g. {@code PR.PS-01}
 * @param evidence      the facts the rule saw
 * @param firstSeen     when the condition was first found
 * @param lastSeen      when the condition was last confirmed
 * @param changedAt     when the state last changed
 */
public record PostureFinding(
        String id,
        String ruleId,
        String apiId,
        String namespace,
        Severity severity,
        FindingState state,
        String title,
        String detail,
        String owaspCategory,
        String nistCsf,
        Map<String, String> evidence,
        Instant firstSeen,
        Instant lastSeen,
        Instant changedAt) {

    public PostureFinding {
        Require.text(id, "id");
        Require.text(ruleId, "ruleId");
        Require.present(severity, "severity");
        Require.present(state, "state");
        evidence = Require.map(evidence, "evidence");
        Require.ordered(firstSeen, "firstSeen", lastSeen, "lastSeen");
    }
}
