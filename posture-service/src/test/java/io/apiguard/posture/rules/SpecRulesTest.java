package io.apiguard.posture.rules;

import static io.apiguard.posture.TestApis.api;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.OperationOrigin;
import io.apiguard.posture.TestApis;
import io.apiguard.posture.traffic.TrafficStats;

/** Each spec rule fires on a spec that breaks it and stays silent on the spec that does not. */
class SpecRulesTest {

    static final ApiEndpoint.Spec SPEC =
            new ApiEndpoint.Spec("configmap:shop/orders-openapi/openapi.yaml", "3.1.0", "Orders", "1.2.0", null);
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    static Stream<Arguments> minimalCasesAndFixedTwins() {
        return Stream.of(
                Arguments.of(
                        "APIG-SPEC-001",
                        specApi(declared("GET", "/orders", 5, false, List.of(), false)),
                        specApi(declared("GET", "/orders", 5, true, List.of(), false))),
                Arguments.of(
                        "APIG-SPEC-002",
                        specApi(declared("POST", "/orders", 5, true, List.of("body.note", "query.tag[]"), false)),
                        specApi(declared("POST", "/orders", 5, true, List.of(), false))),
                Arguments.of(
                        "APIG-SPEC-003",
                        specApi(declared("POST", "/orders", 5, true, List.of(), true)),
                        specApi(declared("POST", "/orders", 5, true, List.of(), false))),
                Arguments.of(
                        "APIG-SPEC-004",
                        specApi(
                                declared("GET", "/orders", 5, true, List.of(), false),
                                new ApiEndpoint.Operation("DELETE", "/orders/{id}", 1, T)),
                        specApi(
                                declared("GET", "/orders", 5, true, List.of(), false),
                                declared("DELETE", "/orders/{orderId}", 1, true, List.of(), false))),
                Arguments.of(
                        "APIG-SPEC-005",
                        specApi(
                                declared("GET", "/orders", 90, true, List.of(), false),
                                new ApiEndpoint.Operation("DELETE", "/orders/{id}", 10, T)),
                        specApi(
                                declared("GET", "/orders", 99, true, List.of(), false),
                                new ApiEndpoint.Operation("DELETE", "/orders/{id}", 1, T))),
                Arguments.of(
                        "APIG-SPEC-006",
                        facts(api().spec(new ApiEndpoint.Spec(SPEC.reference(), null, null, null, "ConfigMap gone"))),
                        specApi(declared("GET", "/orders", 5, true, List.of(), false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minimalCasesAndFixedTwins")
    void firesOnTheSpecThatBreaksItAndStaysSilentOnTheOneThatDoesNot(
            String ruleId, ApiFacts violating, ApiFacts fixed) {
        // Given
        PostureRule rule = RuleCatalogue.rule(ruleId);

        // When
        Violation violation = rule.check().test(violating, RuleThresholds.defaults());
        Violation silence = rule.check().test(fixed, RuleThresholds.defaults());

        // Then
        assertThat(violation).as(ruleId + " on its violating spec").isNotNull();
        assertThat(violation.detail()).isNotBlank();
        assertThat(violation.evidence()).isNotEmpty();
        assertThat(silence).as(ruleId + " on its compliant spec").isNull();
    }

    @Test
    void noSpecRuleJudgesAnApiWithoutASpecNorTrafficOnAnApiWhoseSpecIsInError() {
        // Given: traffic-learned operations only, without a spec, and with a spec in error
        ApiEndpoint.Operation learned = new ApiEndpoint.Operation("DELETE", "/orders/{id}", 50, T);
        ApiFacts noSpec = facts(api().operations(learned));
        ApiFacts specInError = facts(api().operations(learned)
                .spec(new ApiEndpoint.Spec(SPEC.reference(), null, null, null, "not OpenAPI")));

        // When
        List<String> fired = Stream.of(
                        "APIG-SPEC-001", "APIG-SPEC-002", "APIG-SPEC-003", "APIG-SPEC-004", "APIG-SPEC-005")
                .filter(id -> RuleCatalogue.rule(id).check().test(noSpec, RuleThresholds.defaults()) != null
                        || RuleCatalogue.rule(id).check().test(specInError, RuleThresholds.defaults()) != null)
                .toList();

        // Then
        assertThat(fired).isEmpty();
    }

    @Test
    void driftNeedsEnoughCallsAndAFindingNamesAtMostTenOperations() {
        // Given: 100 % undocumented, but too few calls to judge a share
        ApiFacts few = specApi(new ApiEndpoint.Operation("DELETE", "/orders/{id}", 3, T));
        ApiFacts many = specApi(IntStream.range(0, 25)
                .mapToObj(i -> declared("GET", "/orders/" + i, 1, false, List.of(), false))
                .toArray(ApiEndpoint.Operation[]::new));

        // When
        Violation drift = RuleCatalogue.rule("APIG-SPEC-005").check().test(few, RuleThresholds.defaults());
        Violation open = RuleCatalogue.rule("APIG-SPEC-001").check().test(many, RuleThresholds.defaults());

        // Then
        assertThat(drift).isNull();
        assertThat(open.evidence().get("count")).isEqualTo("25");
        assertThat(open.evidence().get("operations").split(", ")).hasSize(11).endsWith("...");
    }

    @Test
    void theSpecRulesAreInTheCatalogueMappedToOwasp2023() {
        assertThat(Stream.of("APIG-SPEC-001", "APIG-SPEC-002", "APIG-SPEC-003", "APIG-SPEC-004", "APIG-SPEC-005")
                        .map(id -> RuleCatalogue.rule(id).owaspCategory()))
                .containsExactly("API2:2023", "API4:2023", "API3:2023", "API9:2023", "API9:2023");
    }

    static ApiEndpoint.Operation declared(
            String method,
            String template,
            long calls,
            boolean secured,
            List<String> unboundedInputs,
            boolean openWriteBody) {
        return new ApiEndpoint.Operation(
                method,
                template,
                calls,
                calls == 0 ? null : T,
                OperationOrigin.SPEC,
                null,
                secured,
                unboundedInputs,
                openWriteBody);
    }

    private static ApiFacts specApi(ApiEndpoint.Operation... operations) {
        return facts(api().source(ApiSource.SPEC).spec(SPEC).operations(operations));
    }

    private static ApiFacts facts(TestApis api) {
        return new ApiFacts(api.build(), TrafficStats.NONE, null);
    }
}
