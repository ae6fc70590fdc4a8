package io.apiguard.devstack.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.rules.PayloadSignatures;

class ScenarioTest {

    @Test
    void theFinalReportShowsEveryLevelWithItsCriteriaEvidenceAndWhenItWasReached() {
        // Given
        JsonNode report = MaturityClimbTest.report(4, true, true, true, true, false);

        // When
        List<String> lines =
                Scenario.reportLines(report, level -> level <= 4 ? Duration.ofMillis(20_000 + level * 1_500) : null);

        // Then
        assertThat(lines)
                .startsWith(
                        "   L1 holds   level one (service-1), first reached at 21.5 s",
                        "        + service-1 is ready: every readiness check is up (needs true)",
                        "        + criterion 1: detail 1 true (needs >= 1)",
                        "        evidence: figure=1, flag=true");
        assertThat(lines)
                .contains("   L5 missing level five (service-5)", "        - criterion 5: detail 5 false (needs >= 1)");
    }

    @Test
    void aLevelMissingSaysItsNextStep() throws Exception {
        // Given
        JsonNode report = MaturityClimbTest.parse("""
                {"level": 2, "levels": [{"level": 3, "name": "Posture", "service": "posture-service", "holds": false,
                  "nextStep": "Fix or acknowledge the open critical findings.",
                  "criteria": [{"name": "open unacknowledged critical findings", "holds": false,
                                "detail": "1 open critical findings (0 acknowledged)", "threshold": "<= 0"}],
                  "evidence": {"apis": 1, "findingsByState": {"open": 3}}}]}
                """);

        // When
        List<String> lines = Scenario.reportLines(report, level -> null);

        // Then: posture's own evidence is not under a contributor's name, and nested figures stay whole
        assertThat(lines)
                .containsExactly(
                        "   L3 missing Posture (posture-service)",
                        "        - open unacknowledged critical findings: 1 open critical findings (0 acknowledged) (needs <= 0)",
                        "        next: Fix or acknowledge the open critical findings.",
                        "        evidence: apis=1, findingsByState={\"open\":3}");
    }

    @Test
    void evidenceOfNoFiguresIsLeftOut() throws Exception {
        assertThat(Scenario.evidence(MaturityClimbTest.parse("{}"))).isEmpty();
        assertThat(Scenario.reportLines(MaturityClimbTest.parse("""
                {"levels": [{"level": 1, "name": "Inventory", "service": "discovery-service", "holds": true,
                             "criteria": [], "evidence": {}}]}
                """), level -> null))
                .containsExactly("   L1 holds   Inventory (discovery-service)");
    }

    @Test
    void theOperatorsAcknowledgementSaysWhyAndUntilWhenButNeverWho() {
        // When
        Map<String, Object> body = Scenario.acknowledgement(Instant.parse("2026-12-02T02:00:00Z"));

        // Then: posture records her token's subject as the one who acknowledged
        assertThat(body)
                .containsOnlyKeys("reason", "until")
                .containsEntry("until", "2026-12-02T02:00:00Z")
                .containsEntry("reason", Scenario.ACKNOWLEDGEMENT_REASON);
    }

    @Test
    void everyRunHasItsOwnAttacker() {
        assertThat(Scenario.ATTACKER).startsWith("mallory-").endsWith("@accounting-xyz");
        assertThat(Scenario.ATTACKER_ADDRESS).matches("198\\.51\\.100\\.\\d{1,3}");
        assertThat(Scenario.PEOPLE).doesNotContain(Scenario.ATTACKER);
    }

    @Test
    void theIntruderIsANewPersonFromAnotherNetworkThanTheEnumerator() {
        assertThat(Scenario.INTRUDER).startsWith("eve-").endsWith("@accounting-xyz");
        assertThat(Scenario.INTRUDER_ADDRESS).matches("192\\.0\\.2\\.\\d{1,3}");
        assertThat(Scenario.PEOPLE).doesNotContain(Scenario.INTRUDER);
    }

    @Test
    void theInjectedTransferCarriesSqlASignatureSeesAndTheHonestOneNothingTheRulesBlock() {
        List<Pattern> blocked = Scenario.BLOCKED_SIGNATURES.stream()
                .map(signature -> PayloadSignatures.compile(signature, Map.of()))
                .toList();

        assertThat(blocked)
                .anySatisfy(signature -> assertThat(
                                signature.matcher(Scenario.INJECTED_TRANSFER).find())
                        .isTrue());
        assertThat(blocked)
                .allSatisfy(signature -> assertThat(
                                signature.matcher(Scenario.HONEST_TRANSFER).find())
                        .isFalse())
                .allSatisfy(signature -> assertThat(signature
                                .matcher(Scenario.MASS_ASSIGNED_TRANSFER)
                                .find())
                        .as("the mass assignment is the spec's to refuse, not a signature's")
                        .isFalse());
    }

    @Test
    void theSignatureRuleBlocksOneSignatureAndNamesNoAuthor() {
        Map<String, Object> rule = Scenario.signatureRule("xss");

        assertThat(rule)
                .containsEntry("id", "local-run-block-xss")
                .containsEntry("match", Map.of("payloadSignature", "xss"))
                .containsEntry("action", "block")
                .doesNotContainKeys("createdBy", "by");
    }

    @Test
    void aProblemAnswerIsShownByWhatItNamesAnythingElseAsItCame() {
        assertThat(Scenario.problemDetail(new ServiceCalls.Exchange(
                        400,
                        "{\"type\":\"https://apiguard.io/problems/invalid\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"check\":\"unknown-property\",\"location\":\"body/approved\"}")))
                .isEqualTo("(Bad Request: unknown-property at body/approved)");
        assertThat(Scenario.problemDetail(new ServiceCalls.Exchange(
                        403,
                        "{\"title\":\"Forbidden\",\"status\":403,\"signature\":\"sql-injection\","
                                + "\"location\":\"body/reference\"}")))
                .isEqualTo("(Forbidden: sql-injection in body/reference)");
        assertThat(Scenario.problemDetail(new ServiceCalls.Exchange(-1, "Connection refused")))
                .isEqualTo("(Connection refused)");
        assertThat(Scenario.problemDetail(new ServiceCalls.Exchange(201, "x".repeat(200))))
                .hasSize(125);
    }
}
