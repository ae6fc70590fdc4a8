package io.apiguard.common.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;

class RuleValidationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void everyFieldOfTheMatchRecordIsOneSidecarsEvaluateAndNoOther() {
        // When / Then
        assertThat(RuleValidation.EVALUATED_MATCH_FIELDS)
                .containsExactlyInAnyOrder(
                        "subject",
                        "credentialFingerprint",
                        "clientCidr",
                        "apiId",
                        "method",
                        "pathTemplate",
                        "payloadSignature");
        assertThat(RuleValidation.unevaluatedMatchFields(List.of("subject", "apiId")))
                .isEmpty();
        assertThat(RuleValidation.unevaluatedMatchFields(List.of("subject", "host", "header")))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("match.host is not a field"))
                .anySatisfy(problem -> assertThat(problem).startsWith("match.header is not a field"));
    }

    @Test
    void aDocumentWithARuleOnAFieldSidecarsDoNotEvaluateIsRefusedNamingTheField() {
        // Given: read leniently, "host" would be dropped and the rule would block the subject on every host
        String json = """
                {"version": 3, "rules": [{"id": "r1", "match": {"subject": "mallory", "host": "api.example"},
                 "action": "block", "mode": "enforce"}]}""";

        // When
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(json.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(parsed.accepted()).isFalse();
        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.ruleId()).isEqualTo("r1");
            assertThat(error.message()).startsWith("match.host is not a field sidecars evaluate");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "accounts/{id}",
                "/accounts/{id",
                "/accounts/x{id}",
                "/accounts/{}",
                "/accounts?x=1",
                "/accounts/{a}{b}"
            })
    void aTemplateNoPathCanMatchIsRefused(String template) {
        // Given
        EnforcementRule rule = new EnforcementRule(
                "r1",
                new EnforcementRule.Match(null, null, null, null, null, template, null),
                RuleAction.BLOCK,
                null,
                null,
                null,
                "operator",
                NOW,
                null,
                RuleMode.ENFORCE);

        // When / Then
        assertThat(RuleValidation.problems(rule, Map.of()))
                .singleElement()
                .satisfies(problem -> assertThat(problem).startsWith("match.pathTemplate must"));
    }

    @Test
    void aDeclaredTemplateWithNamedSegmentsIsAccepted() {
        // Given
        EnforcementRule rule = new EnforcementRule(
                "r1",
                new EnforcementRule.Match(
                        null, null, null, null, "GET", "/accounts/{accountId}/statements/{statementId}", null),
                RuleAction.BLOCK,
                null,
                null,
                null,
                "operator",
                NOW,
                null,
                RuleMode.ENFORCE);

        // When / Then
        assertThat(RuleValidation.problems(rule, Map.of())).isEmpty();
    }

    @Test
    void routesAreReadBackAndCoveredByTheHash() {
        // Given
        RuleSet.Route route = new RuleSet.Route(
                "api-accounts",
                "api.bank.example",
                "/accounts",
                MatchType.PREFIX,
                List.of(new RuleSet.RouteTemplate(null, "/accounts/{accountId}")),
                List.of(new RuleSet.RouteTemplate("GET", "/accounts/{id}/statements")));
        RuleSet withRoute = RuleSet.of(4, NOW, List.of(), null, null, null, List.of(route));
        RuleSet without = RuleSet.of(4, NOW, List.of(), null, null, null);

        // When
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(RuleSetDocument.write(withRoute));

        // Then
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.ruleSet().routes()).containsExactly(route);
        assertThat(withRoute.hash()).isNotEqualTo(without.hash());
        // an empty table leaves the hash of a set as it was before sets carried routes
        assertThat(without.hash()).isEqualTo(RuleSetHash.of(List.of(), RuleSet.Allowlist.NONE, Map.of(), Map.of()));
    }

    @Test
    void aRouteThatCannotBeMatchedRefusesTheDocument() {
        // Given
        String json = """
                {"version": 3, "rules": [], "routes": [
                  {"apiId": "a", "host": "api.example", "path": "accounts", "matchType": "prefix"},
                  {"apiId": "b", "host": "api.example", "path": "/b", "declared": [{"method": "get", "template": "/b/{x"}]},
                  {"apiId": "b", "host": "api.example", "path": "/c"}]}""";

        // When
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(json.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(parsed.accepted()).isFalse();
        assertThat(parsed.errors())
                .extracting(RuleSetDocument.RuleError::message)
                .containsExactlyInAnyOrder(
                        "routes[0].path must be a path starting with /",
                        "routes[1].declared[0].method must be an upper-case HTTP method, or absent for any",
                        "routes[1].declared[0].template must have each {name} as a whole segment, e.g. /accounts/{accountId}",
                        "routes[2]: duplicate apiId b");
    }

    @Test
    void aSharedRateKeyReadsFromADocumentAndAnAbsentOneMeansPerCaller() {
        // Given: one rule sharing a bucket per login operation, one naming no key (as every older producer wrote)
        String json = """
                {"version": 3, "rules": [
                 {"id": "login", "match": {"apiId": "shop", "method": "POST", "pathTemplate": "/login"},
                  "action": "rate-limit", "ratePerSecond": 20, "rateKey": "operation", "mode": "enforce"},
                 {"id": "plain", "match": {"apiId": "shop"}, "action": "rate-limit", "ratePerSecond": 5,
                  "mode": "enforce"}]}""";

        // When
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(json.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.ruleSet().rules())
                .extracting(EnforcementRule::effectiveRateKey)
                .containsExactly(RateKey.OPERATION, RateKey.CALLER);
        assertThat(parsed.ruleSet().rules().get(1).rateKey()).isNull();
    }

    @Test
    void aRateKeyOnABlockRuleOrAnOperationKeyWithoutATemplateOrAnUnknownKeyIsRefused() {
        // Given
        String json = """
                {"version": 3, "rules": [
                 {"id": "block-shared", "match": {"apiId": "shop"}, "action": "block", "rateKey": "api",
                  "mode": "enforce"},
                 {"id": "no-template", "match": {"apiId": "shop"}, "action": "rate-limit", "ratePerSecond": 20,
                  "rateKey": "operation", "mode": "enforce"},
                 {"id": "unknown-key", "match": {"apiId": "shop"}, "action": "rate-limit", "ratePerSecond": 20,
                  "rateKey": "planet", "mode": "enforce"}]}""";

        // When
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(json.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(parsed.accepted()).isFalse();
        assertThat(parsed.errors()).hasSize(3);
        assertThat(parsed.errors().get(0).message()).contains("rateKey is only for rate-limit rules");
        assertThat(parsed.errors().get(1).ruleId()).isEqualTo("no-template");
        assertThat(parsed.errors().get(1).message()).contains("rateKey operation needs match.pathTemplate");
        assertThat(parsed.errors().get(2).ruleId()).isEqualTo("unknown-key");
    }

    @Test
    void aRuleOnTheSharedOperationKeyThatMatchesATemplateHasNoProblem() {
        // Given
        EnforcementRule rule = new EnforcementRule(
                        "login",
                        new EnforcementRule.Match(null, null, null, "shop", "POST", "/login", null),
                        RuleAction.RATE_LIMIT,
                        20,
                        null,
                        null,
                        "ops",
                        NOW,
                        null,
                        RuleMode.ENFORCE)
                .withRateKey(RateKey.OPERATION);

        // When / Then
        assertThat(RuleValidation.problems(rule, Map.of())).isEmpty();
        assertThat(rule.withRateKey(null).effectiveRateKey()).isEqualTo(RateKey.CALLER);
    }
}
