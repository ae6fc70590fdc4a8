package io.apiguard.posture.findings;

import java.time.Instant;
import java.util.Map;

import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.Severity;
import io.apiguard.posture.rules.OwaspApiTop10;

/**
 * A finding as the REST API shows it.
 *
 * @param id              stable id (rule + API)
 * @param ruleId          the rule
 * @param apiId           the API
 * @param namespace       its namespace
 * @param severity        severity
 * @param state           lifecycle state
 * @param title           the rule's title
 * @param detail          what was found
 * @param owaspCategory   OWASP API Security Top 10 2023 category
 * @param owaspName       its name
 * @param nistCsf         NIST CSF 2.0 subcategory
 * @param evidence        the facts the rule saw
 * @param firstSeen       first found
 * @param lastSeen        last confirmed
 * @param changedAt       last state change
 * @param acknowledgement who acknowledged it, why, until when; null unless acknowledged
 * @param suppressionId   the suppression covering it; null unless suppressed
 */
public record FindingView(
        String id,
        String ruleId,
        String apiId,
        String namespace,
        Severity severity,
        FindingState state,
        String title,
        String detail,
        String owaspCategory,
        String owaspName,
        String nistCsf,
        Map<String, String> evidence,
        Instant firstSeen,
        Instant lastSeen,
        Instant changedAt,
        Finding.Acknowledgement acknowledgement,
        String suppressionId) {

    static FindingView of(Finding finding) {
        return new FindingView(
                finding.id(),
                finding.ruleId(),
                finding.apiId(),
                finding.namespace(),
                finding.severity(),
                finding.state(),
                finding.title(),
                finding.detail(),
                finding.owaspCategory(),
                OwaspApiTop10.name(finding.owaspCategory()),
                finding.nistCsf(),
                finding.evidence(),
                finding.firstSeen(),
                finding.lastSeen(),
                finding.changedAt(),
                finding.acknowledgement(),
                finding.suppressionId());
    }
}
