package io.apiguard.posture.findings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.PostureFinding;
import io.apiguard.common.events.Severity;

/**
 * A finding as posture-service keeps it: the event's fields plus the acknowledgement and the suppression that put it
 * in its state. Immutable; every change is a new instance with a higher {@code version}.
 *
 * @param id             stable id of rule + API
 * @param ruleId         the rule
 * @param apiId          the API
 * @param namespace      the API's namespace, or null
 * @param severity       the rule's severity
 * @param state          open, acknowledged, resolved or suppressed
 * @param title          the rule's title
 * @param detail         what was found, with the figures
 * @param owaspCategory  OWASP API Security Top 10 2023 category
 * @param nistCsf        NIST CSF 2.0 subcategory
 * @param evidence       the facts the rule saw
 * @param firstSeen      when the condition was first found (again, after a resolution)
 * @param lastSeen       when the condition was last confirmed
 * @param changedAt      when the state last changed
 * @param acknowledgement who acknowledged it, why and until when; null unless acknowledged
 * @param suppressionId  the suppression that covers it; null unless suppressed
 * @param version        orders writes of this finding
 */
public record Finding(
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
        Instant changedAt,
        Acknowledgement acknowledgement,
        String suppressionId,
        long version) {

    public Finding {
        evidence = Map.copyOf(evidence);
    }

    /**
     * An operator's acknowledgement: the risk is known and accepted for a while.
     *
     * @param by     who: the subject of the verified token that acknowledged it
     * @param reason why
     * @param at     when
     * @param until  when it lapses and the finding counts as open again
     */
    public record Acknowledgement(String by, String reason, Instant at, Instant until) {}

    /** The finding id of {@code ruleId} on {@code apiId}: stable across restarts and replicas. */
    public static String idOf(String ruleId, String apiId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ruleId + ' ' + apiId).getBytes(StandardCharsets.UTF_8));
            return "fnd-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Whether the finding is live: its condition held at the last evaluation. */
    public boolean live() {
        return state != FindingState.RESOLVED;
    }

    /** Open, or acknowledged with the acknowledgement lapsed at {@code now}: what Level 3 counts against. */
    public boolean openAt(Instant now) {
        return state == FindingState.OPEN || (state == FindingState.ACKNOWLEDGED && acknowledgementLapsed(now));
    }

    /** Whether an acknowledgement exists and its {@code until} is not after {@code now}. */
    public boolean acknowledgementLapsed(Instant now) {
        return acknowledgement != null && acknowledgement.until() != null && !now.isBefore(acknowledgement.until());
    }

    /** The {@code apiguard.findings} event of this finding. */
    public PostureFinding toEvent() {
        return new PostureFinding(
                id,
                ruleId,
                apiId,
                namespace,
                severity,
                state,
                title,
                detail,
                owaspCategory,
                nistCsf,
                evidence,
                firstSeen,
                lastSeen,
                changedAt);
    }

    Finding withState(
            FindingState newState,
            Instant now,
            Acknowledgement newAcknowledgement,
            String newSuppressionId,
            long newVersion) {
        return new Finding(
                id,
                ruleId,
                apiId,
                namespace,
                severity,
                newState,
                title,
                detail,
                owaspCategory,
                nistCsf,
                evidence,
                firstSeen,
                lastSeen,
                now,
                newAcknowledgement,
                newSuppressionId,
                newVersion);
    }

    Finding confirmed(
            String newDetail, Map<String, String> newEvidence, String newNamespace, Instant now, long newVersion) {
        return new Finding(
                id,
                ruleId,
                apiId,
                newNamespace,
                severity,
                state,
                title,
                newDetail,
                owaspCategory,
                nistCsf,
                newEvidence,
                firstSeen,
                now,
                changedAt,
                acknowledgement,
                suppressionId,
                newVersion);
    }
}
