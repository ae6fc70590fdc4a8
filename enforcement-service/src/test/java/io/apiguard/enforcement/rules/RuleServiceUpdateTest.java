package io.apiguard.enforcement.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;

/**
 * When a detection that goes on rewrites its rules ({@link RuleService#needsUpdate}): only when the TTL is half gone or
 * the rule would do something else, so an incident republished every few seconds does not make a version each time.
 */
class RuleServiceUpdateTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration TTL = Duration.ofHours(1);
    private static final EnforcementRule.Match MALLORY =
            new EnforcementRule.Match("mallory", null, null, null, null, null, null);

    private static EnforcementRule rule(
            EnforcementRule.Match match, RuleAction action, RuleMode mode, Instant expiresAt) {
        return new EnforcementRule(
                "det-1-s-00000000",
                match,
                action,
                action == RuleAction.RATE_LIMIT ? 10 : null,
                "object-enumeration",
                "det-1",
                "policy",
                NOW.minus(TTL),
                expiresAt,
                mode);
    }

    @Test
    void aRuleWithMoreThanHalfItsTtlLeftAndTheSameEffectStays() {
        EnforcementRule stored = rule(MALLORY, RuleAction.BLOCK, RuleMode.ENFORCE, NOW.plus(Duration.ofMinutes(31)));
        EnforcementRule wanted = rule(MALLORY, RuleAction.BLOCK, RuleMode.ENFORCE, NOW.plus(TTL));

        assertThat(RuleService.needsUpdate(stored, wanted, NOW, TTL)).isFalse();
    }

    @Test
    void aRuleWithLessThanHalfItsTtlLeftIsExtended() {
        EnforcementRule stored = rule(MALLORY, RuleAction.BLOCK, RuleMode.ENFORCE, NOW.plus(Duration.ofMinutes(29)));
        EnforcementRule wanted = rule(MALLORY, RuleAction.BLOCK, RuleMode.ENFORCE, NOW.plus(TTL));

        assertThat(RuleService.needsUpdate(stored, wanted, NOW, TTL)).isTrue();
    }

    @Test
    void aRuleWithoutExpiryIsNotExtendedForTime() {
        EnforcementRule stored = rule(MALLORY, RuleAction.BLOCK, RuleMode.ENFORCE, null);
        EnforcementRule wanted = rule(MALLORY, RuleAction.BLOCK, RuleMode.ENFORCE, NOW.plus(TTL));

        assertThat(RuleService.needsUpdate(stored, wanted, NOW, TTL)).isFalse();
    }

    @Test
    void aChangedActionModeOrMatchIsWritten() {
        Instant later = NOW.plus(Duration.ofMinutes(50));
        EnforcementRule stored = rule(MALLORY, RuleAction.BLOCK, RuleMode.ENFORCE, later);
        EnforcementRule.Match other = new EnforcementRule.Match(null, null, "203.0.113.9", null, null, null, null);

        assertThat(RuleService.needsUpdate(
                        stored, rule(MALLORY, RuleAction.RATE_LIMIT, RuleMode.ENFORCE, later), NOW, TTL))
                .as("action")
                .isTrue();
        assertThat(RuleService.needsUpdate(stored, rule(MALLORY, RuleAction.BLOCK, RuleMode.MONITOR, later), NOW, TTL))
                .as("mode")
                .isTrue();
        assertThat(RuleService.needsUpdate(stored, rule(other, RuleAction.BLOCK, RuleMode.ENFORCE, later), NOW, TTL))
                .as("match")
                .isTrue();
    }

    @Test
    void aRateLimitStoredPerCallerIsRewrittenWithTheSharedKeyAndItsRate() {
        // Given: a policy rule stored before its buckets were shared
        Instant later = NOW.plus(Duration.ofMinutes(50));
        EnforcementRule stored = rule(MALLORY, RuleAction.RATE_LIMIT, RuleMode.ENFORCE, later);

        // When / Then
        assertThat(RuleService.needsUpdate(stored, stored.withRateKey(RateKey.API), NOW, TTL))
                .isTrue();
        assertThat(RuleService.needsUpdate(stored, stored, NOW, TTL)).isFalse();
    }
}
