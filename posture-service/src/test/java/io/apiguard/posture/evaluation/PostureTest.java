package io.apiguard.posture.evaluation;

import static io.apiguard.posture.TestApis.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.FindingState;
import io.apiguard.posture.findings.Finding;
import io.apiguard.posture.findings.Suppression;
import io.apiguard.posture.rules.RuleCatalogue;
import io.apiguard.posture.rules.RuleThresholds;
import io.apiguard.posture.traffic.TrafficStats;

/** The findings lifecycle through evaluations: open, acknowledged, lapsed, resolved, reopened, suppressed. */
class PostureTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final Posture posture =
            new Posture(RuleCatalogue.rules(), RuleThresholds.defaults(), (id, now) -> TrafficStats.NONE);

    @Test
    void aViolationOpensAFindingAndItResolvesItselfWhenTheConditionClears() {
        // Given
        ApiEndpoint plain = api().id("api-1").tls(false).build();

        // When
        List<Finding> opened = posture.upsert(plain, T0);

        // Then
        assertThat(opened).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("APIG-TLS-001");
            assertThat(finding.state()).isEqualTo(FindingState.OPEN);
            assertThat(finding.toEvent().owaspCategory()).isEqualTo("API8:2023");
            assertThat(finding.toEvent().nistCsf()).isEqualTo("PR.DS-02");
        });

        // When the same API is evaluated again unchanged
        assertThat(posture.evaluateAll(T0.plusSeconds(60))).isEmpty();
        assertThat(posture.finding(opened.get(0).id()).lastSeen()).isEqualTo(T0.plusSeconds(60));

        // When TLS is added
        List<Finding> resolved = posture.upsert(api().id("api-1").build(), T0.plusSeconds(120));

        // Then
        assertThat(resolved).singleElement().satisfies(finding -> {
            assertThat(finding.id()).isEqualTo(opened.get(0).id());
            assertThat(finding.state()).isEqualTo(FindingState.RESOLVED);
            assertThat(finding.changedAt()).isEqualTo(T0.plusSeconds(120));
        });

        // When TLS goes away again
        List<Finding> reopened = posture.upsert(plain, T0.plusSeconds(180));

        // Then
        assertThat(reopened).singleElement().satisfies(finding -> {
            assertThat(finding.state()).isEqualTo(FindingState.OPEN);
            assertThat(finding.firstSeen()).isEqualTo(T0.plusSeconds(180));
        });
    }

    @Test
    void anAcknowledgedCriticalStopsBlockingUntilItsExpiryThenCountsAsOpenAgain() {
        // Given
        String id =
                posture.upsert(api().id("api-1").tls(false).build(), T0).get(0).id();
        assertThat(posture.figures(T0, HOUR).openCritical()).isEqualTo(1);

        // When
        Finding acknowledged = posture.acknowledge(id, "sam@ops", "certificate ordered", T0.plusSeconds(600), T0);

        // Then
        assertThat(acknowledged.state()).isEqualTo(FindingState.ACKNOWLEDGED);
        assertThat(acknowledged.acknowledgement().by()).isEqualTo("sam@ops");
        assertThat(posture.figures(T0.plusSeconds(599), HOUR).openCritical()).isZero();
        assertThat(posture.figures(T0.plusSeconds(599), HOUR).acknowledgedCritical())
                .isEqualTo(1);
        // At the expiry it blocks again, even before the next evaluation notices.
        assertThat(posture.figures(T0.plusSeconds(600), HOUR).openCritical()).isEqualTo(1);

        // When the scheduled evaluation runs after the expiry
        List<Finding> changed = posture.evaluateAll(T0.plusSeconds(601));

        // Then
        assertThat(changed).singleElement().satisfies(finding -> {
            assertThat(finding.state()).isEqualTo(FindingState.OPEN);
            assertThat(finding.acknowledgement()).isNull();
        });
    }

    @Test
    void unacknowledgingOpensTheFindingAndOnlyLiveFindingsCanBeAcknowledged() {
        String id =
                posture.upsert(api().id("api-1").tls(false).build(), T0).get(0).id();
        posture.acknowledge(id, "sam@ops", "known", T0.plusSeconds(600), T0);

        assertThat(posture.unacknowledge(id, T0.plusSeconds(1)).state()).isEqualTo(FindingState.OPEN);
        assertThatThrownBy(() -> posture.unacknowledge(id, T0.plusSeconds(2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> posture.acknowledge(id, "sam", "past", T0, T0.plusSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> posture.acknowledge("fnd-none", "sam", "x", T0.plusSeconds(600), T0))
                .isInstanceOf(java.util.NoSuchElementException.class);

        posture.upsert(api().id("api-1").build(), T0.plusSeconds(5));
        assertThatThrownBy(() -> posture.acknowledge(id, "sam", "x", T0.plusSeconds(600), T0.plusSeconds(6)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAcknowledgedFindingResolvesWhenFixed() {
        String id =
                posture.upsert(api().id("api-1").tls(false).build(), T0).get(0).id();
        posture.acknowledge(id, "sam@ops", "known", T0.plusSeconds(600), T0);

        List<Finding> changed = posture.upsert(api().id("api-1").build(), T0.plusSeconds(10));

        assertThat(changed).singleElement().satisfies(finding -> {
            assertThat(finding.state()).isEqualTo(FindingState.RESOLVED);
            assertThat(finding.acknowledgement()).isNull();
        });
    }

    @Test
    void aSuppressionByRuleAndNamespaceCoversExistingAndNewFindingsUntilRemoved() {
        // Given
        String id = posture.upsert(
                        api().id("api-1")
                                .namespace("shop")
                                .hint("rate-limit", null)
                                .build(),
                        T0)
                .get(0)
                .id();
        Suppression suppression = new Suppression(
                "sup-1",
                "APIG-RATE-001",
                Suppression.Scope.NAMESPACE,
                "shop",
                "sam@ops",
                "rate limits live in the API gateway",
                T0);

        // When
        List<Finding> suppressed = posture.suppress(suppression, T0.plusSeconds(1));

        // Then
        assertThat(suppressed).singleElement().satisfies(finding -> {
            assertThat(finding.id()).isEqualTo(id);
            assertThat(finding.state()).isEqualTo(FindingState.SUPPRESSED);
            assertThat(finding.suppressionId()).isEqualTo("sup-1");
        });
        assertThat(posture.upsert(
                        api().id("api-2")
                                .namespace("shop")
                                .hint("rate-limit", null)
                                .build(),
                        T0.plusSeconds(2)))
                .singleElement()
                .satisfies(finding -> assertThat(finding.state()).isEqualTo(FindingState.SUPPRESSED));
        assertThat(posture.upsert(
                        api().id("api-3")
                                .namespace("other")
                                .hint("rate-limit", null)
                                .build(),
                        T0.plusSeconds(2)))
                .singleElement()
                .satisfies(finding -> assertThat(finding.state()).isEqualTo(FindingState.OPEN));
        assertThat(posture.evaluateAll(T0.plusSeconds(3))).isEmpty();

        // When
        Posture.Unsuppressed removed = posture.unsuppress("sup-1", T0.plusSeconds(4));

        // Then
        assertThat(removed.changed()).hasSize(2).allSatisfy(finding -> {
            assertThat(finding.state()).isEqualTo(FindingState.OPEN);
            assertThat(finding.suppressionId()).isNull();
        });
        assertThat(posture.unsuppress("sup-1", T0.plusSeconds(5))).isNull();
    }

    @Test
    void aRemovedApiHasItsFindingsResolved() {
        posture.upsert(api().id("api-1").tls(false).hint("rate-limit", null).build(), T0);

        List<Finding> changed = posture.remove("api-1", T0.plusSeconds(1));

        assertThat(changed)
                .hasSize(2)
                .allSatisfy(finding -> assertThat(finding.state()).isEqualTo(FindingState.RESOLVED));
        assertThat(posture.figures(T0.plusSeconds(1), HOUR).apis()).isZero();
    }

    @Test
    void anOlderVersionIsFlaggedWhileANewerLiveOneExistsAndClearsWhenTheNewerGoes() {
        // Given
        posture.upsert(api().id("v1").path("/v1/orders").build(), T0);

        // When
        List<Finding> changed = posture.upsert(api().id("v2").path("/v2/orders").build(), T0.plusSeconds(1));

        // Then
        assertThat(changed).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("APIG-INV-003");
            assertThat(finding.apiId()).isEqualTo("v1");
            assertThat(finding.evidence()).containsEntry("newer", "/v2/orders");
        });

        // When the newer version turns zombie, the older is the live one
        assertThat(posture.upsert(
                        api().id("v2").path("/v2/orders").state(ApiState.ZOMBIE).build(), T0.plusSeconds(2)))
                .extracting(Finding::ruleId, Finding::apiId, Finding::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("APIG-INV-003", "v1", FindingState.RESOLVED),
                        org.assertj.core.groups.Tuple.tuple("APIG-INV-002", "v2", FindingState.OPEN));
    }

    @Test
    void figuresCountApisEvaluatedWithinTheMaximumAge() {
        posture.load(
                List.of(api().id("old").build(), api().id("never").path("/x").build()),
                Map.of("old", T0.minus(Duration.ofHours(2))),
                List.of(),
                List.of());

        Posture.Figures before = posture.figures(T0, HOUR);
        posture.evaluateAll(T0);
        Posture.Figures after = posture.figures(T0, HOUR);

        assertThat(before.apis()).isEqualTo(2);
        assertThat(before.evaluatedRecently()).isZero();
        assertThat(before.oldestEvaluation()).isNull();
        assertThat(after.evaluatedShare()).isEqualTo(1.0);
    }

    @Test
    void callsMapToTheDeclaredRouteOrToTheTemplateOfATrafficOnlyApi() {
        posture.upsert(api().id("declared").host("shop.example").path("/orders").build(), T0);
        posture.upsert(
                api().id("shadow")
                        .host("shop.example")
                        .path("/debug/cache/{id}")
                        .source(io.apiguard.common.events.ApiSource.TRAFFIC)
                        .state(ApiState.SHADOW)
                        .build(),
                T0);

        assertThat(posture.resolveApi(null, "shop.example", "/orders/17")).isEqualTo("declared");
        assertThat(posture.resolveApi(null, "shop.example:443", "/debug/cache/5a7c0e9f-1b2d-4e3f-8a9b-0c1d2e3f4a5b"))
                .isEqualTo("shadow");
        assertThat(posture.resolveApi("declared", "other.example", "/")).isEqualTo("declared");
        assertThat(posture.resolveApi(null, "other.example", "/orders")).isNull();
    }
}
