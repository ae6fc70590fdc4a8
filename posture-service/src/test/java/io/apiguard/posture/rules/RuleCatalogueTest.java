package io.apiguard.posture.rules;

import static io.apiguard.posture.TestApis.api;
import static io.apiguard.posture.TestApis.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Severity;
import io.apiguard.posture.TestApis;
import io.apiguard.posture.traffic.CallTraits;
import io.apiguard.posture.traffic.TrafficAggregates;
import io.apiguard.posture.traffic.TrafficStats;

/** Every rule fires on a minimal case and stays silent on its fixed twin. */
class RuleCatalogueTest {

    private static final String HOST = "shop.example";

    static Stream<Arguments> minimalCasesAndFixedTwins() {
        return Stream.of(
                inventory("APIG-TLS-001", api().tls(false), api()),
                inventory("APIG-TLS-002", api().hint("ssl-redirect", "false"), api()),
                inventory("APIG-HOST-001", api().host("*"), api()),
                inventory("APIG-HOST-001", api().host("*.example.com"), api().host("api.example.com")),
                inventory(
                        "APIG-CORS-001",
                        api().hint("cors-allow-origin", "*").hint("cors-allow-credentials", "true"),
                        api().hint("cors-allow-origin", "https://shop.example").hint("cors-allow-credentials", "true")),
                inventory("APIG-EXPO-001", api().path("/actuator"), api().path("/orders")),
                inventory("APIG-EXPO-001", api().path("/q/health"), api().path("/quotes/q")),
                inventory("APIG-EXPO-001", api().path("/api/admin/users"), api().path("/api/administrators-guide")),
                inventory("APIG-RATE-001", api().hint("rate-limit", null), api()),
                inventory("APIG-AUTH-001", api().hint("auth", null), api()),
                inventory("APIG-INV-001", api().source(ApiSource.TRAFFIC).state(ApiState.SHADOW), api()),
                inventory("APIG-INV-002", api().state(ApiState.ZOMBIE), api()),
                Arguments.of(
                        "APIG-INV-003",
                        new ApiFacts(api().path("/v1/orders").build(), TrafficStats.NONE, "/v2/orders"),
                        new ApiFacts(api().path("/v2/orders").build(), TrafficStats.NONE, null)),
                traffic(
                        "APIG-AUTHN-001",
                        calls(20, i -> call(HOST, "/orders", null, Identity.anonymous(), 200, List.of())),
                        calls(20, i -> call(HOST, "/orders"))),
                traffic(
                        "APIG-IDENT-001",
                        calls(20, i -> call(HOST, "/orders", null, TestApis.sharedAccount(), 200, List.of())),
                        calls(20, i -> call(HOST, "/orders"))),
                traffic(
                        "APIG-CRED-001",
                        List.of(call(
                                HOST,
                                "/orders",
                                "access_token=[REDACTED]",
                                TestApis.individual(),
                                200,
                                List.of("query:access_token"))),
                        List.of(call(HOST, "/orders", "page=2", TestApis.individual(), 200, List.of()))),
                traffic(
                        "APIG-CRED-001",
                        List.of(call(HOST, "/orders", "apikey=abc", TestApis.individual(), 200, List.of())),
                        List.of(call(HOST, "/orders", "sort=desc", TestApis.individual(), 200, List.of()))),
                traffic(
                        "APIG-ERR-001",
                        calls(
                                20,
                                i -> call(
                                        HOST,
                                        "/orders",
                                        null,
                                        TestApis.individual(),
                                        i % 2 == 0 ? 500 : 200,
                                        List.of())),
                        calls(
                                20,
                                i -> call(
                                        HOST, "/orders", null, TestApis.individual(), i == 0 ? 500 : 200, List.of()))),
                traffic(
                        "APIG-BOLA-001",
                        calls(20, i -> call(HOST, "/orders/" + (1001 + i))),
                        calls(20, i -> call(HOST, "/orders/" + UUID.randomUUID()))),
                traffic(
                        "APIG-DATA-001",
                        List.of(call(
                                HOST,
                                "/cards/[card-1111]",
                                null,
                                TestApis.individual(),
                                200,
                                List.of("card-number:path"))),
                        List.of(call(HOST, "/cards/c-77", null, TestApis.individual(), 200, List.of()))),
                traffic(
                        "APIG-DATA-001",
                        List.of(call(HOST, "/customers", "ssn=123-45-6789", TestApis.individual(), 200, List.of())),
                        List.of(call(HOST, "/customers", "name=alex", TestApis.individual(), 200, List.of()))),
                traffic(
                        "APIG-DATA-002",
                        List.of(call(HOST, "/orders"), responding("card-number", "email")),
                        List.of(call(HOST, "/orders"), responding("email"))),
                traffic("APIG-DATA-003", List.of(responding("national-id")), List.of(responding("card-number"))),
                traffic("APIG-DATA-003", List.of(responding("iban")), List.of(call(HOST, "/orders"))),
                traffic("APIG-DATA-004", List.of(responding("token")), List.of(responding("email"))),
                traffic("APIG-DATA-005", List.of(responding("email")), List.of(responding("email", "token"))));
    }

    @Test
    void responseDataClassRulesNameTheClassesTheirCallsAndWhenFirstSeen() {
        // Given three responses with card numbers and one with a national id among ordinary ones
        List<NormalizedCall> calls = new ArrayList<>(calls(10, i -> call(HOST, "/customers")));
        calls.addAll(calls(3, i -> responding("card-number")));
        calls.add(responding("national-id", "email"));
        ApiFacts facts = facts(calls);

        // When
        Violation cards = RuleCatalogue.rule("APIG-DATA-002").check().test(facts, RuleThresholds.defaults());
        Violation ids = RuleCatalogue.rule("APIG-DATA-003").check().test(facts, RuleThresholds.defaults());
        Violation email = RuleCatalogue.rule("APIG-DATA-005").check().test(facts, RuleThresholds.defaults());

        // Then severity goes by class: the card rule is critical, ids high, and e-mail beside them raises nothing
        assertThat(cards.evidence())
                .containsEntry("dataClasses", "card-number")
                .containsEntry("calls", "3")
                .containsKeys("firstSeen", "lastSeen");
        assertThat(cards.detail()).contains("card-number in 3 calls since");
        assertThat(ids.evidence()).containsEntry("dataClasses", "national-id").containsEntry("calls", "1");
        assertThat(email).isNull();
        assertThat(RuleCatalogue.rule("APIG-DATA-002").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(RuleCatalogue.rule("APIG-DATA-003").severity()).isEqualTo(Severity.HIGH);
        assertThat(RuleCatalogue.rule("APIG-DATA-004").severity()).isEqualTo(Severity.HIGH);
        assertThat(RuleCatalogue.rule("APIG-DATA-005").severity()).isEqualTo(Severity.LOW);
        assertThat(RuleCatalogue.rule("APIG-DATA-002").owaspCategory()).isEqualTo("API3:2023");
    }

    /** A call whose response carried {@code dataClasses}. */
    private static NormalizedCall responding(String... dataClasses) {
        return TestApis.responding(HOST, "/customers", dataClasses);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minimalCasesAndFixedTwins")
    void firesOnTheMinimalCaseAndStaysSilentOnItsFixedTwin(String ruleId, ApiFacts violating, ApiFacts fixed) {
        // Given
        PostureRule rule = RuleCatalogue.rule(ruleId);

        // When
        Violation violation = rule.check().test(violating, RuleThresholds.defaults());
        Violation silence = rule.check().test(fixed, RuleThresholds.defaults());

        // Then
        assertThat(violation).as(ruleId + " on its minimal case").isNotNull();
        assertThat(violation.detail()).isNotBlank();
        assertThat(violation.evidence()).isNotEmpty();
        assertThat(silence).as(ruleId + " on its fixed twin").isNull();
    }

    @Test
    void everyRuleHasAMinimalCase() {
        Set<String> covered = Stream.concat(minimalCasesAndFixedTwins(), SpecRulesTest.minimalCasesAndFixedTwins())
                .map(arguments -> (String) arguments.get()[0])
                .collect(Collectors.toSet());

        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(
                        RuleCatalogue.rules().stream().map(PostureRule::id).toList());
    }

    @Test
    void theWellConfiguredApiOfTheFixedTwinsBreaksNoRule() {
        ApiFacts clean = new ApiFacts(api().build(), TrafficStats.NONE, null);

        List<String> fired = RuleCatalogue.rules().stream()
                .filter(rule -> rule.check().test(clean, RuleThresholds.defaults()) != null)
                .map(PostureRule::id)
                .toList();

        assertThat(fired).isEmpty();
    }

    @Test
    void theCatalogueHasAtLeastFifteenCompleteRulesMappedToOwaspAndNist() {
        assertThat(RuleCatalogue.rules()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(RuleCatalogue.rules()).allSatisfy(rule -> {
            assertThat(rule.id()).matches("APIG-[A-Z]+-\\d{3}");
            assertThat(rule.title()).isNotBlank();
            assertThat(rule.rationale()).isNotBlank();
            assertThat(rule.remediation()).isNotBlank();
            assertThat(rule.severity()).isNotNull();
            assertThat(OwaspApiTop10.isCategory(rule.owaspCategory()))
                    .as(rule.owaspCategory())
                    .isTrue();
            assertThat(rule.nistCsf()).matches("(GV|ID|PR|DE|RS|RC)\\.[A-Z]{2}-\\d{2}");
        });
        assertThat(RuleCatalogue.rules().stream().map(PostureRule::input))
                .contains(PostureRule.Input.INVENTORY, PostureRule.Input.TRAFFIC);
    }

    @Test
    void trafficRulesNeedEnoughCallsBeforeJudgingShares() {
        ApiFacts few = facts(calls(5, i -> call(HOST, "/orders", null, Identity.anonymous(), 500, List.of())));

        assertThat(RuleCatalogue.rule("APIG-AUTHN-001").check().test(few, RuleThresholds.defaults()))
                .isNull();
        assertThat(RuleCatalogue.rule("APIG-ERR-001").check().test(few, RuleThresholds.defaults()))
                .isNull();
    }

    private static Arguments inventory(String ruleId, TestApis violating, TestApis fixed) {
        return Arguments.of(
                ruleId,
                new ApiFacts(violating.build(), TrafficStats.NONE, null),
                new ApiFacts(fixed.build(), TrafficStats.NONE, null));
    }

    private static Arguments traffic(String ruleId, List<NormalizedCall> violating, List<NormalizedCall> fixed) {
        return Arguments.of(ruleId, facts(violating), facts(fixed));
    }

    private static ApiFacts facts(List<NormalizedCall> calls) {
        ApiEndpoint endpoint = api().build();
        TrafficAggregates aggregates = new TrafficAggregates(
                Duration.ofHours(1),
                new CallTraits(List.of("access_token", "token", "apikey", "api_key"), List.of("ssn", "email")));
        Instant now = Instant.now();
        calls.forEach(call -> aggregates.record(endpoint.id(), call, now));
        return new ApiFacts(endpoint, aggregates.stats(endpoint.id(), now), null);
    }

    private static List<NormalizedCall> calls(int count, java.util.function.IntFunction<NormalizedCall> call) {
        return new ArrayList<>(IntStream.range(0, count).mapToObj(call).toList());
    }
}
