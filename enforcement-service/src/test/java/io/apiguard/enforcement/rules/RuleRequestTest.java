package io.apiguard.enforcement.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;

/** An operator's request as the rule it describes: what is normalized, what is refused. */
class RuleRequestTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static RuleRequest.MatchRequest match(String subject, String method, Map<String, Object> others) {
        return new RuleRequest.MatchRequest(subject, null, null, null, method, null, null, others);
    }

    @Test
    void blankFieldsMatchAnythingTheMethodIsUpperCasedAndTheAuthorIsTheCaller() {
        // Given
        RuleRequest request = new RuleRequest(
                "op-1",
                new RuleRequest.MatchRequest("  mallory ", " ", "", null, "post", " /accounts/{id} ", null, null),
                RuleAction.BLOCK,
                null,
                "enumeration",
                null,
                null,
                null);

        // When
        EnforcementRule rule = request.toRule("op-1", "alice", CREATED, NOW);

        // Then
        assertThat(rule.match())
                .isEqualTo(new EnforcementRule.Match("mallory", null, null, null, "POST", "/accounts/{id}", null));
        assertThat(rule.createdBy()).isEqualTo("alice");
        assertThat(rule.createdAt()).isEqualTo(CREATED);
        assertThat(rule.detectionId()).isNull();
        assertThat(rule.reason()).isEqualTo("enumeration");
    }

    @Test
    void withoutATtlTheRuleLastsUntilDeletedAndWithoutAModeItEnforces() {
        EnforcementRule rule = new RuleRequest(
                        null, match("mallory", null, null), RuleAction.BLOCK, null, null, null, null, null)
                .toRule("op-2", "alice", CREATED, NOW);

        assertThat(rule.expiresAt()).isNull();
        assertThat(rule.mode()).isEqualTo(RuleMode.ENFORCE);
    }

    @Test
    void aTtlRunsFromNowAndTheModeAsked() {
        EnforcementRule rule = new RuleRequest(
                        null,
                        match("mallory", null, null),
                        RuleAction.RATE_LIMIT,
                        5,
                        null,
                        Duration.ofMinutes(30),
                        RuleMode.MONITOR,
                        null)
                .toRule("op-3", "alice", CREATED, NOW);

        assertThat(rule.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(rule.mode()).isEqualTo(RuleMode.MONITOR);
        assertThat(rule.ratePerSecond()).isEqualTo(5);
    }

    @Test
    void aZeroOrNegativeTtlIsRefused() {
        for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
            RuleRequest request =
                    new RuleRequest(null, match("mallory", null, null), RuleAction.BLOCK, null, null, ttl, null, null);

            assertThatThrownBy(() -> request.toRule("op-4", "alice", CREATED, NOW))
                    .as(ttl.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ttl must be positive");
        }
    }

    @Test
    void aMatchFieldSidecarsDoNotEvaluateIsRefusedByName() {
        RuleRequest request = new RuleRequest(
                null,
                match("mallory", null, Map.of("host", "api.example.com")),
                RuleAction.BLOCK,
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> request.toRule("op-5", "alice", CREATED, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("match.host is not a field sidecars evaluate");
    }

    @Test
    void theRulesOwnInvariantsStillHold() {
        // a match left empty once blanks are dropped, and a rate on a block rule
        RuleRequest empty =
                new RuleRequest(null, match(" ", null, null), RuleAction.BLOCK, null, null, null, null, null);
        RuleRequest rated =
                new RuleRequest(null, match("mallory", null, null), RuleAction.BLOCK, 5, null, null, null, null);

        assertThatThrownBy(() -> empty.toRule("op-6", "alice", CREATED, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one field");
        assertThatThrownBy(() -> rated.toRule("op-7", "alice", CREATED, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only for rate-limit rules");
    }

    @Test
    void aRateLimitCarriesTheRateKeyAskedAndWithoutOneKeepsABucketPerCaller() {
        // Given
        RuleRequest.MatchRequest login =
                new RuleRequest.MatchRequest(null, null, null, "shop", "POST", "/login", null, null);

        // When
        EnforcementRule shared = new RuleRequest(
                        null, login, RuleAction.RATE_LIMIT, 20, null, null, null, RateKey.OPERATION)
                .toRule("op-8", "alice", CREATED, NOW);
        EnforcementRule perCaller = new RuleRequest(null, login, RuleAction.RATE_LIMIT, 20, null, null, null, null)
                .toRule("op-9", "alice", CREATED, NOW);

        // Then
        assertThat(shared.rateKey()).isEqualTo(RateKey.OPERATION);
        assertThat(perCaller.rateKey()).isNull();
        assertThat(perCaller.effectiveRateKey()).isEqualTo(RateKey.CALLER);
    }

    @Test
    void aRateKeyOnABlockRuleIsRefused() {
        // Given: a shared key would be silently ignored on a rule that blocks
        RuleRequest request = new RuleRequest(
                null, match("mallory", null, null), RuleAction.BLOCK, null, null, null, null, RateKey.API);

        // When / Then
        assertThatThrownBy(() -> request.toRule("op-10", "alice", CREATED, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rateKey is only for rate-limit rules");
    }
}
