package io.apiguard.sidecar.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.DecisionOutcome;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;

class RuleEvaluatorTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final long NOW_MILLIS = NOW.toEpochMilli();

    static EnforcementRule rule(String id, EnforcementRule.Match match, RuleAction action, RuleMode mode) {
        return new EnforcementRule(
                id,
                match,
                action,
                action == RuleAction.RATE_LIMIT ? 5 : null,
                "test",
                null,
                "operator",
                NOW.minusSeconds(60),
                null,
                mode);
    }

    static EnforcementRule.Match subject(String subject) {
        return new EnforcementRule.Match(subject, null, null, null, null, null, null);
    }

    static CallFacts call(String subject, String ip, String path, String query) {
        return new CallFacts(subject, null, ip, "api-accounts", "GET", "/accounts/{id}", path, query);
    }

    static CallFacts call(String subject) {
        return call(subject, "203.0.113.9", "/accounts/42", null);
    }

    static RuleEvaluator evaluator(List<EnforcementRule> rules) {
        return evaluator(rules, RuleSet.Allowlist.NONE);
    }

    static RuleEvaluator evaluator(List<EnforcementRule> rules, RuleSet.Allowlist allowlist) {
        return RuleEvaluator.compile(
                RuleSet.of(1, NOW, rules, allowlist, Map.of(), Map.of()), null, false, null, 1_000);
    }

    static EnforcementDecision decide(RuleEvaluator evaluator, CallFacts facts) {
        return evaluator.evaluate(facts, NOW_MILLIS, 0);
    }

    @Test
    void anEmptySetForwardsEverything() {
        assertThat(decide(RuleEvaluator.empty(), call("alice"))).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    void aTemplateRuleMatchesTheGenericTemplateOrTheOneTheRouteTableGave() {
        // Given: one rule on the declared template, one on the generic one; a rate limit on the declared template
        RuleEvaluator evaluator = evaluator(List.of(
                rule(
                        "r-declared",
                        new EnforcementRule.Match(null, null, null, null, "DELETE", "/accounts/{accountId}", null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                rule(
                        "r-generic",
                        new EnforcementRule.Match(null, null, null, null, "PUT", "/accounts/{id}", null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                new EnforcementRule(
                        "r-limit",
                        new EnforcementRule.Match(null, null, null, null, "GET", "/accounts/{accountId}", null),
                        RuleAction.RATE_LIMIT,
                        2,
                        "test",
                        null,
                        "operator",
                        NOW.minusSeconds(60),
                        null,
                        RuleMode.ENFORCE)));

        // When / Then
        assertThat(decide(evaluator, routed("DELETE")).ruleId()).isEqualTo("r-declared");
        assertThat(decide(evaluator, routed("PUT")).ruleId()).isEqualTo("r-generic");
        // without the route table's template the declared rule cannot fire
        assertThat(decide(
                        evaluator,
                        new CallFacts(
                                null, null, "203.0.113.9", null, "DELETE", "/accounts/{id}", "/accounts/42", null)))
                .isSameAs(EnforcementDecision.FORWARD);
        // the rate-limited rule is found once per call, not once per template: 2 calls pass, the third is limited
        assertThat(decide(evaluator, routed("GET")).forwards()).isTrue();
        assertThat(decide(evaluator, routed("GET")).forwards()).isTrue();
        assertThat(decide(evaluator, routed("GET")).ruleId()).isEqualTo("r-limit");
    }

    private static CallFacts routed(String method) {
        return new CallFacts(
                null,
                null,
                "203.0.113.9",
                "api-accounts",
                method,
                "/accounts/{id}",
                "/accounts/42",
                null,
                "/accounts/{accountId}");
    }

    @Test
    void blocksTheSubjectAndOnlyTheSubject() {
        // Given
        RuleEvaluator evaluator =
                evaluator(List.of(rule("r-mallory", subject("mallory"), RuleAction.BLOCK, RuleMode.ENFORCE)));

        // When
        EnforcementDecision mallory = decide(evaluator, call("mallory"));
        EnforcementDecision alice = decide(evaluator, call("alice"));

        // Then
        assertThat(mallory.outcome()).isEqualTo(EnforcementDecision.Outcome.BLOCK);
        assertThat(mallory.status()).isEqualTo(403);
        assertThat(mallory.ruleId()).isEqualTo("r-mallory");
        assertThat(mallory.forwards()).isFalse();
        assertThat(mallory.recordDecision().outcome()).isEqualTo(DecisionOutcome.BLOCKED);
        assertThat(mallory.recordDecision().ruleId()).isEqualTo("r-mallory");
        assertThat(alice).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    void blocksByFingerprintAddressBlockApiAndMethodTemplate() {
        RuleEvaluator evaluator = evaluator(List.of(
                rule(
                        "fp",
                        new EnforcementRule.Match(null, "sha256:0011223344556677", null, null, null, null, null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                rule(
                        "ip",
                        new EnforcementRule.Match(null, null, "198.51.100.7", null, null, null, null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                rule(
                        "net",
                        new EnforcementRule.Match(null, null, "10.20.0.0/16", null, null, null, null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                rule(
                        "v6",
                        new EnforcementRule.Match(null, null, "2001:db8::/32", null, null, null, null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                rule(
                        "api",
                        new EnforcementRule.Match(null, null, null, "api-admin", null, null, null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                rule(
                        "op",
                        new EnforcementRule.Match(null, null, null, null, "DELETE", "/accounts/{id}", null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE)));

        assertThat(decide(
                                evaluator,
                                new CallFacts("a", "sha256:0011223344556677", "1.1.1.1", "x", "GET", "/", "/", null))
                        .ruleId())
                .isEqualTo("fp");
        assertThat(decide(evaluator, call(null, "198.51.100.7", "/", null)).ruleId())
                .isEqualTo("ip");
        assertThat(decide(evaluator, call(null, "198.51.100.8", "/", null)).outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
        assertThat(decide(evaluator, call("bob", "10.20.33.4", "/", null)).ruleId())
                .isEqualTo("net");
        assertThat(decide(evaluator, call("bob", "::ffff:10.20.1.1", "/", null)).ruleId())
                .isEqualTo("net");
        assertThat(decide(evaluator, call("bob", "2001:db8:1::5", "/", null)).ruleId())
                .isEqualTo("v6");
        assertThat(decide(evaluator, new CallFacts("a", null, "1.1.1.1", "api-admin", "GET", "/x", "/x", null))
                        .ruleId())
                .isEqualTo("api");
        assertThat(decide(
                                evaluator,
                                new CallFacts(
                                        "a", null, "1.1.1.1", "api-1", "DELETE", "/accounts/{id}", "/accounts/7", null))
                        .ruleId())
                .isEqualTo("op");
        assertThat(decide(
                                evaluator,
                                new CallFacts(
                                        "a", null, "1.1.1.1", "api-1", "GET", "/accounts/{id}", "/accounts/7", null))
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
    }

    @Test
    void clientAddressesAreReadInEveryFormAndAnythingElseMatchesNoAddressRule() {
        // Given: an address rule, a v6 block, a subject + block rule, and an allowlisted v6 block
        RuleEvaluator evaluator = evaluator(
                List.of(
                        rule(
                                "ip",
                                new EnforcementRule.Match(null, null, "198.51.100.7", null, null, null, null),
                                RuleAction.BLOCK,
                                RuleMode.ENFORCE),
                        rule(
                                "link-local",
                                new EnforcementRule.Match(null, null, "fe80::/10", null, null, null, null),
                                RuleAction.BLOCK,
                                RuleMode.ENFORCE),
                        rule(
                                "mallory-at-home",
                                new EnforcementRule.Match("mallory", null, "203.0.113.0/24", null, null, null, null),
                                RuleAction.BLOCK,
                                RuleMode.ENFORCE)),
                new RuleSet.Allowlist(List.of(), List.of("2001:db8:aaaa::/48"), List.of()));

        // When / Then: mapped, bracketed and scoped forms are the address they write
        assertThat(decide(evaluator, call(null, "::ffff:198.51.100.7", "/", null))
                        .ruleId())
                .isEqualTo("ip");
        assertThat(decide(evaluator, call(null, "fe80::1%eth0", "/", null)).ruleId())
                .isEqualTo("link-local");
        assertThat(decide(evaluator, call(null, "[fe80::2]", "/", null)).ruleId())
                .isEqualTo("link-local");
        assertThat(decide(evaluator, call("mallory", "203.0.113.9", "/", null)).ruleId())
                .isEqualTo("mallory-at-home");
        assertThat(decide(evaluator, call("mallory", "::ffff:203.0.113.9", "/", null))
                        .ruleId())
                .isEqualTo("mallory-at-home");
        assertThat(decide(evaluator, call("mallory", "2001:db8:aaaa::1", "/", null)))
                .isSameAs(EnforcementDecision.FORWARD);
        // a host name, a leading-zero octet, garbage or no address: no address rule matches, and nothing throws
        for (String notAnAddress : new String[] {"localhost", "198.051.100.7", "garbage", "", null}) {
            assertThat(decide(evaluator, call("mallory", notAnAddress, "/", null)))
                    .as(notAnAddress)
                    .isSameAs(EnforcementDecision.FORWARD);
        }
    }

    @Test
    void everySetFieldMustMatch() {
        RuleEvaluator evaluator = evaluator(List.of(rule(
                "both",
                new EnforcementRule.Match("mallory", null, "10.0.0.0/8", null, "POST", null, null),
                RuleAction.BLOCK,
                RuleMode.ENFORCE)));

        assertThat(decide(evaluator, new CallFacts("mallory", null, "10.1.1.1", null, "POST", "/t", "/t", null))
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.BLOCK);
        assertThat(decide(evaluator, new CallFacts("mallory", null, "11.1.1.1", null, "POST", "/t", "/t", null))
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
        assertThat(decide(evaluator, new CallFacts("mallory", null, "10.1.1.1", null, "GET", "/t", "/t", null))
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
    }

    @Test
    void payloadSignaturesMatchRawAndDecodedUris() {
        RuleEvaluator evaluator = evaluator(List.of(
                rule(
                        "sqli",
                        new EnforcementRule.Match(null, null, null, null, null, null, "sql-injection"),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE),
                rule(
                        "trav",
                        new EnforcementRule.Match(null, null, null, null, null, null, "path-traversal"),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE)));

        assertThat(decide(evaluator, call("a", "1.1.1.1", "/search", "q=1%27%20OR%20%271%27%3D%271"))
                        .ruleId())
                .isEqualTo("sqli");
        assertThat(decide(evaluator, call("a", "1.1.1.1", "/search", "q=x+union+all+select+password"))
                        .ruleId())
                .isEqualTo("sqli");
        assertThat(decide(evaluator, call("a", "1.1.1.1", "/files/%252e%252e%252fetc/passwd", null))
                        .ruleId())
                .isEqualTo("trav");
        assertThat(decide(evaluator, call("a", "1.1.1.1", "/search", "q=union%20station&page=2"))
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
    }

    @Test
    void monitorModeAndMonitorRulesForwardAndRecord() {
        RuleEvaluator evaluator = evaluator(List.of(
                rule("watch", subject("mallory"), RuleAction.BLOCK, RuleMode.MONITOR),
                rule("note", subject("eve"), RuleAction.MONITOR, RuleMode.ENFORCE)));

        EnforcementDecision mallory = decide(evaluator, call("mallory"));
        EnforcementDecision eve = decide(evaluator, call("eve"));

        assertThat(mallory.outcome()).isEqualTo(EnforcementDecision.Outcome.MONITORED);
        assertThat(mallory.forwards()).isTrue();
        assertThat(mallory.recordDecision().outcome()).isEqualTo(DecisionOutcome.MONITORED);
        assertThat(mallory.recordDecision().ruleId()).isEqualTo("watch");
        assertThat(eve.ruleId()).isEqualTo("note");
    }

    @Test
    void aSidecarInMonitorModeAndANamespaceInMonitorModeNeverBlock() {
        EnforcementRule policyRule = new EnforcementRule(
                "p",
                subject("mallory"),
                RuleAction.BLOCK,
                null,
                null,
                "d-1",
                RuleSet.POLICY,
                NOW,
                null,
                RuleMode.ENFORCE);
        RuleSet set = RuleSet.of(3, NOW, List.of(policyRule), null, Map.of("payments", RuleMode.MONITOR), null);

        assertThat(RuleEvaluator.compile(set, null, true, null, 10)
                        .evaluate(call("mallory"), NOW_MILLIS, 0)
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.MONITORED);
        assertThat(RuleEvaluator.compile(set, "payments", false, null, 10)
                        .evaluate(call("mallory"), NOW_MILLIS, 0)
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.MONITORED);
        assertThat(RuleEvaluator.compile(set, "shop", false, null, 10)
                        .evaluate(call("mallory"), NOW_MILLIS, 0)
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.BLOCK);
    }

    @Test
    void blockWinsOverMonitor() {
        RuleEvaluator evaluator = evaluator(List.of(
                rule("watch", subject("mallory"), RuleAction.MONITOR, RuleMode.ENFORCE),
                rule(
                        "ip",
                        new EnforcementRule.Match(null, null, "203.0.113.0/24", null, null, null, null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE)));

        assertThat(decide(evaluator, call("mallory")).ruleId()).isEqualTo("ip");
    }

    @Test
    void allowlistedSubjectsAddressesAndProbesAreNeverBlocked() {
        RuleEvaluator evaluator = evaluator(
                List.of(rule(
                        "all-get",
                        new EnforcementRule.Match(null, null, null, null, "GET", null, null),
                        RuleAction.BLOCK,
                        RuleMode.ENFORCE)),
                new RuleSet.Allowlist(List.of("svc-backup"), List.of("192.168.0.0/16"), List.of("/healthz")));

        assertThat(decide(evaluator, call("svc-backup")).outcome()).isEqualTo(EnforcementDecision.Outcome.FORWARD);
        assertThat(decide(evaluator, call("x", "192.168.3.3", "/a", null)).outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
        assertThat(decide(evaluator, call("x", "1.1.1.1", "/healthz/ready", null))
                        .outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
        assertThat(decide(evaluator, call("x", "1.1.1.1", "/a", null)).outcome())
                .isEqualTo(EnforcementDecision.Outcome.BLOCK);
    }

    @Test
    void anExpiredRuleNoLongerApplies() {
        EnforcementRule expiring = new EnforcementRule(
                "ttl",
                subject("mallory"),
                RuleAction.BLOCK,
                null,
                null,
                null,
                "operator",
                NOW.minusSeconds(60),
                NOW.plusSeconds(10),
                RuleMode.ENFORCE);
        RuleEvaluator evaluator = evaluator(List.of(expiring));

        assertThat(evaluator.evaluate(call("mallory"), NOW_MILLIS, 0).outcome())
                .isEqualTo(EnforcementDecision.Outcome.BLOCK);
        assertThat(evaluator.evaluate(call("mallory"), NOW_MILLIS + 10_000, 0).outcome())
                .isEqualTo(EnforcementDecision.Outcome.FORWARD);
    }

    @Test
    void rateLimitsHoldTheirRatePerCaller() {
        // Given: 5 calls per second for the whole /accounts/{id} operation, per caller
        RuleEvaluator evaluator = evaluator(List.of(rule(
                "rl",
                new EnforcementRule.Match(null, null, null, null, null, "/accounts/{id}", null),
                RuleAction.RATE_LIMIT,
                RuleMode.ENFORCE)));
        long second = TimeUnit.SECONDS.toNanos(1);

        // When: mallory calls 100 times per second for 10 seconds; alice 3 times per second
        int malloryAllowed = 0;
        int aliceAllowed = 0;
        for (int tick = 0; tick < 1_000; tick++) {
            long now = tick * second / 100;
            if (evaluator.evaluate(call("mallory"), NOW_MILLIS, now).forwards()) {
                malloryAllowed++;
            }
            if (tick % 33 == 0
                    && evaluator.evaluate(call("alice"), NOW_MILLIS, now).forwards()) {
                aliceAllowed++;
            }
        }

        // Then: the burst of 5 plus 5 per second; alice is never limited
        assertThat(malloryAllowed).isBetween(50, 56);
        assertThat(aliceAllowed).isEqualTo(31);
        EnforcementDecision limited = evaluator.evaluate(call("mallory"), NOW_MILLIS, 10 * second);
        assertThat(evaluator.evaluate(call("mallory"), NOW_MILLIS, 10 * second).status())
                .isEqualTo(429);
        assertThat(limited).isNotNull();
    }

    @Test
    void aSharedRateKeySlowsTheLoginOperationAcrossRotatingAddressesAndLeavesOtherOperationsAlone() {
        // Given: 5 calls per second for POST /login on the shop API, one bucket for every caller
        EnforcementRule login = rule(
                        "login",
                        new EnforcementRule.Match(null, null, null, "shop", "POST", "/login", null),
                        RuleAction.RATE_LIMIT,
                        RuleMode.ENFORCE)
                .withRateKey(RateKey.OPERATION);
        RuleEvaluator evaluator = evaluator(List.of(login));

        // When: 50 logins in the same instant, each from a new address
        int allowed = 0;
        for (int i = 0; i < 50; i++) {
            CallFacts stuffing = new CallFacts(null, null, "198.51.100." + i, "shop", "POST", "/login", "/login", null);
            if (evaluator.evaluate(stuffing, NOW_MILLIS, 0).forwards()) {
                allowed++;
            }
        }

        // Then: the burst passes, the rest is limited; the same API's other operation and another API's login answer
        assertThat(allowed).isEqualTo(5);
        CallFacts next = new CallFacts(null, null, "198.51.100.200", "shop", "POST", "/login", "/login", null);
        assertThat(evaluator.evaluate(next, NOW_MILLIS, 0).status()).isEqualTo(429);
        CallFacts catalogue = new CallFacts(null, null, "198.51.100.1", "shop", "GET", "/items", "/items", null);
        assertThat(evaluator.evaluate(catalogue, NOW_MILLIS, 0).forwards()).isTrue();
        CallFacts otherLogin = new CallFacts(null, null, "198.51.100.1", "billing", "POST", "/login", "/login", null);
        assertThat(evaluator.evaluate(otherLogin, NOW_MILLIS, 0).forwards()).isTrue();
    }

    @Test
    void aRuleThatChangesItsRateKeyGetsNewBuckets() {
        // Given: a per-caller limit that mallory emptied
        EnforcementRule perCaller = rule(
                "rl",
                new EnforcementRule.Match(null, null, null, "api-accounts", null, null, null),
                RuleAction.RATE_LIMIT,
                RuleMode.ENFORCE);
        RuleEvaluator first = evaluator(List.of(perCaller));
        for (int i = 0; i < 5; i++) {
            first.evaluate(call("mallory"), NOW_MILLIS, 0);
        }

        // When: the same rule id comes back sharing one bucket per API
        RuleEvaluator second = RuleEvaluator.compile(
                RuleSet.of(2, NOW, List.of(perCaller.withRateKey(RateKey.API)), null, null, null),
                null,
                false,
                first,
                1_000);

        // Then: the shared bucket is a new, full one (mallory's emptied one is gone), and alice drains it for everyone
        assertThat(second.evaluate(call("mallory"), NOW_MILLIS, 0).forwards()).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(second.evaluate(call("alice"), NOW_MILLIS, 0).forwards()).isTrue();
        }
        assertThat(second.evaluate(call("mallory"), NOW_MILLIS, 0).outcome())
                .isEqualTo(EnforcementDecision.Outcome.RATE_LIMITED);
    }

    @Test
    void rateLimitBucketsSurviveASwapThatKeepsTheRule() {
        EnforcementRule limit = rule("rl", subject("mallory"), RuleAction.RATE_LIMIT, RuleMode.ENFORCE);
        RuleEvaluator first = evaluator(List.of(limit));
        for (int i = 0; i < 5; i++) {
            assertThat(first.evaluate(call("mallory"), NOW_MILLIS, 0).forwards())
                    .isTrue();
        }

        RuleEvaluator second = RuleEvaluator.compile(
                RuleSet.of(
                        2,
                        NOW,
                        List.of(limit, rule("other", subject("x"), RuleAction.BLOCK, RuleMode.ENFORCE)),
                        null,
                        null,
                        null),
                null,
                false,
                first,
                1_000);

        assertThat(second.evaluate(call("mallory"), NOW_MILLIS, 0).outcome())
                .isEqualTo(EnforcementDecision.Outcome.RATE_LIMITED);
    }

    @Test
    void tenThousandRulesAreFoundByLookup() {
        List<EnforcementRule> rules = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rules.add(rule("s" + i, subject("user-" + i), RuleAction.BLOCK, RuleMode.ENFORCE));
        }
        RuleEvaluator evaluator = evaluator(rules);

        assertThat(decide(evaluator, call("user-9999")).ruleId()).isEqualTo("s9999");
        assertThat(decide(evaluator, call("user-10000")).outcome()).isEqualTo(EnforcementDecision.Outcome.FORWARD);
    }

    @Test
    void theProblemBodyNamesRuleAndRequestAndEscapesThem() {
        String body = EnforcementDecision.block("r-1").problemJson("abc\"<x>");

        assertThat(body)
                .contains("\"status\":403")
                .contains("\"ruleId\":\"r-1\"")
                .contains("\"requestId\":\"abc\\\"<x>\"");
    }
}
