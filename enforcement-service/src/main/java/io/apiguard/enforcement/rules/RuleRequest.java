package io.apiguard.enforcement.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonAnySetter;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleValidation;

/**
 * An operator's rule, as posted. Who made it is not part of it: that is the caller's token. A {@code createdBy} in the
 * body, as older clients sent, is ignored.
 *
 * @param id            optional; generated when absent on create
 * @param match         which calls; at least one field
 * @param action        block, rate-limit or monitor
 * @param ratePerSecond for rate-limit only
 * @param reason        the operator's note
 * @param ttl           how long it stays active (ISO-8601, e.g. {@code PT1H}); none: until deleted
 * @param mode          enforce (default) or monitor
 * @param rateKey       for rate-limit only: what its buckets are kept per, {@code caller} (default: subject, else
 *                      address), {@code address}, {@code operation} (one bucket per API for every caller of the
 *                      matched {@code pathTemplate}) or {@code api} (one bucket per API for every caller)
 */
public record RuleRequest(
        @Size(max = 200) String id,
        @NotNull @Valid MatchRequest match,
        @NotNull RuleAction action,
        @Positive Integer ratePerSecond,
        @Size(max = 2000) String reason,
        Duration ttl,
        RuleMode mode,
        RateKey rateKey) {

    /**
     * The rule this request describes, made by {@code createdBy} (the caller's token, never the body); the record's own
     * checks throw IllegalArgumentException.
     */
    EnforcementRule toRule(String ruleId, String createdBy, Instant createdAt, Instant now) {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        List<String> unevaluated =
                RuleValidation.unevaluatedMatchFields(match.others().keySet());
        if (!unevaluated.isEmpty()) {
            // dropped silently, the field would make the rule match more calls than its author meant
            throw new IllegalArgumentException(String.join("; ", unevaluated));
        }
        return new EnforcementRule(
                ruleId,
                new EnforcementRule.Match(
                        blank(match.subject()),
                        blank(match.credentialFingerprint()),
                        blank(match.clientCidr()),
                        blank(match.apiId()),
                        match.method() == null ? null : blank(match.method().toUpperCase()),
                        blank(match.pathTemplate()),
                        blank(match.payloadSignature())),
                action,
                ratePerSecond,
                reason,
                null,
                createdBy,
                createdAt,
                ttl == null ? null : now.plus(ttl),
                mode == null ? RuleMode.ENFORCE : mode,
                rateKey);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The match fields; null ones match anything.
     *
     * @param others any other field the body held: refused by name, since sidecars could not evaluate it
     */
    public record MatchRequest(
            @Size(max = 2000) String subject,
            @Size(max = 200) String credentialFingerprint,
            @Size(max = 64) String clientCidr,
            @Size(max = 2000) String apiId,
            @Size(max = 16) String method,
            @Size(max = 2000) String pathTemplate,
            @Size(max = 200) String payloadSignature,
            @JsonAnySetter @Schema(hidden = true) Map<String, Object> others) {

        public MatchRequest {
            others = others == null ? Map.of() : others;
        }
    }
}
