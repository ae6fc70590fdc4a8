package io.apiguard.common.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A blocking, rate-limiting or monitoring rule that sidecars apply to calls; every set field of {@link Match} must
 * match.
 *
 * @param id            stable rule id
 * @param match         which calls it applies to
 * @param action        block, rate-limit or monitor
 * @param ratePerSecond allowed calls per second for {@code rate-limit}; null otherwise
 * @param reason        why: the detection summary or the operator's note
 * @param detectionId   the detection it came from, if any
 * @param createdBy     {@code policy} or the operator's name
 * @param createdAt     when it was created
 * @param expiresAt     when it leaves the active set; null for no expiry
 * @param mode          enforce, or monitor (record what would have happened)
 * @param rateKey       what a rate-limit rule's buckets are kept per; null (absent on the wire) for {@link
 *                      RateKey#CALLER}, and always null on other rules. Absent from the documents of older producers,
 *                      and ignored by older sidecars, which keep a bucket per caller: the lenient reading
 */
public record EnforcementRule(
        String id,
        Match match,
        RuleAction action,
        Integer ratePerSecond,
        String reason,
        String detectionId,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        RuleMode mode,
        RateKey rateKey) {

    public EnforcementRule {
        Require.text(id, "id");
        Require.present(match, "match");
        Require.present(action, "action");
        Require.present(mode, "mode");
        if (action == RuleAction.RATE_LIMIT && (ratePerSecond == null || ratePerSecond <= 0)) {
            throw new IllegalArgumentException("a rate-limit rule needs a positive ratePerSecond");
        }
        // A rate on a block or monitor rule would be silently ignored by sidecars; refuse it so the author notices.
        if (action != RuleAction.RATE_LIMIT && ratePerSecond != null) {
            throw new IllegalArgumentException("ratePerSecond is only for rate-limit rules, not " + action.wire());
        }
        if (action != RuleAction.RATE_LIMIT && rateKey != null) {
            throw new IllegalArgumentException("rateKey is only for rate-limit rules, not " + action.wire());
        }
        Require.ordered(createdAt, "createdAt", expiresAt, "expiresAt");
        if (match.isEmpty()) {
            throw new IllegalArgumentException("a rule must match on at least one field");
        }
    }

    /** A rule whose rate-limit buckets, if any, are kept per caller ({@link RateKey#CALLER}). */
    public EnforcementRule(
            String id,
            Match match,
            RuleAction action,
            Integer ratePerSecond,
            String reason,
            String detectionId,
            String createdBy,
            Instant createdAt,
            Instant expiresAt,
            RuleMode mode) {
        this(id, match, action, ratePerSecond, reason, detectionId, createdBy, createdAt, expiresAt, mode, null);
    }

    /** What the rule's rate-limit buckets are kept per: {@link RateKey#CALLER} when it names none. */
    @JsonIgnore // derived, not part of the wire format
    public RateKey effectiveRateKey() {
        return rateKey == null ? RateKey.CALLER : rateKey;
    }

    /** This rule with its rate-limit buckets kept per {@code key}. */
    public EnforcementRule withRateKey(RateKey key) {
        return new EnforcementRule(
                id, match, action, ratePerSecond, reason, detectionId, createdBy, createdAt, expiresAt, mode, key);
    }

    /**
     * Which calls a rule applies to; null fields match anything.
     *
     * @param subject               identity subject
     * @param credentialFingerprint credential fingerprint
     * @param clientCidr            client address or CIDR block
     * @param apiId                 inventoried API
     * @param method                HTTP method, with {@code pathTemplate}
     * @param pathTemplate          path template
     * @param payloadSignature      id of a pre-compiled payload signature
     */
    public record Match(
            String subject,
            String credentialFingerprint,
            String clientCidr,
            String apiId,
            String method,
            String pathTemplate,
            String payloadSignature) {

        /** True when no field is set: such a match would apply to every call. */
        @JsonIgnore // derived, not part of the wire format
        public boolean isEmpty() {
            return subject == null
                    && credentialFingerprint == null
                    && clientCidr == null
                    && apiId == null
                    && method == null
                    && pathTemplate == null
                    && payloadSignature == null;
        }
    }
}
