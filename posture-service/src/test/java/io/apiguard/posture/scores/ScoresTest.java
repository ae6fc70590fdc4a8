package io.apiguard.posture.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.Severity;
import io.apiguard.posture.TestApis;
import io.apiguard.posture.findings.Finding;

class ScoresTest {

    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    private final Scores scores = new Scores(Map.of(Severity.CRITICAL, 40, Severity.HIGH, 20, Severity.LOW, 5));

    private static Finding finding(String rule, String apiId, Severity severity, FindingState state) {
        return new Finding(
                Finding.idOf(rule, apiId),
                rule,
                apiId,
                "shop",
                severity,
                state,
                "t",
                "d",
                "API8:2023",
                "PR.DS-02",
                Map.of(),
                T0,
                T0,
                T0,
                null,
                null,
                1);
    }

    @Test
    void withoutApisEveryScoreIsAHundred() {
        Scores.Report report = scores.score(List.of(), List.of(), 10);

        assertThat(report.overall().score()).isEqualTo(100.0);
        assertThat(report.overall().apis()).isZero();
        assertThat(report.namespaces()).isEmpty();
        assertThat(report.apis()).isEmpty();
    }

    @Test
    void anApiLosesItsSeveritiesWeightPerOpenFindingOnlyAndNeverGoesBelowZero() {
        // Given
        ApiEndpoint clean = TestApis.api().id("clean").namespace("shop").build();
        ApiEndpoint weak = TestApis.api().id("weak").namespace("shop").build();
        ApiEndpoint broken = TestApis.api().id("broken").namespace("billing").build();
        List<Finding> findings = List.of(
                finding("r1", "weak", Severity.HIGH, FindingState.OPEN),
                finding("r2", "weak", Severity.LOW, FindingState.OPEN),
                finding("r3", "weak", Severity.CRITICAL, FindingState.ACKNOWLEDGED),
                finding("r4", "weak", Severity.CRITICAL, FindingState.SUPPRESSED),
                finding("r5", "weak", Severity.CRITICAL, FindingState.RESOLVED),
                finding("r6", "broken", Severity.CRITICAL, FindingState.OPEN),
                finding("r7", "broken", Severity.CRITICAL, FindingState.OPEN),
                finding("r8", "broken", Severity.CRITICAL, FindingState.OPEN),
                finding("r9", "broken", Severity.MEDIUM, FindingState.OPEN));

        // When
        Scores.Report report = scores.score(List.of(clean, weak, broken), findings, 10);

        // Then: lowest first; a severity without a weight costs nothing
        assertThat(report.apis()).extracting(Scores.ApiScore::apiId).containsExactly("broken", "weak", "clean");
        assertThat(report.apis()).extracting(Scores.ApiScore::score).containsExactly(0, 75, 100);
        assertThat(report.apis().get(1).open()).containsOnly(Map.entry(Severity.HIGH, 1), Map.entry(Severity.LOW, 1));
        assertThat(report.apis().get(2).open()).isEmpty();

        // And groups score the mean of their APIs, namespaces by name
        assertThat(report.overall().score()).isEqualTo(58.3);
        assertThat(report.overall().openFindings()).isEqualTo(6);
        assertThat(report.namespaces()).extracting(Scores.GroupScore::namespace).containsExactly("billing", "shop");
        assertThat(report.namespaces()).extracting(Scores.GroupScore::score).containsExactly(0.0, 87.5);
    }

    @Test
    void theReportListsTheLowestScoringApisUpToItsLimitAndApisWithoutNamespaceApart() {
        // Given: a traffic-only API has no namespace
        ApiEndpoint traffic =
                TestApis.api().id("traffic").source(ApiSource.TRAFFIC).build();
        ApiEndpoint declared = TestApis.api().id("declared").namespace("shop").build();

        // When
        Scores.Report report = scores.score(
                List.of(traffic, declared), List.of(finding("r1", "traffic", Severity.LOW, FindingState.OPEN)), 1);

        // Then
        assertThat(report.apis())
                .singleElement()
                .extracting(Scores.ApiScore::apiId)
                .isEqualTo("traffic");
        assertThat(report.namespaces())
                .extracting(Scores.GroupScore::namespace)
                .containsExactly(Scores.NO_NAMESPACE, "shop");
        assertThat(report.overall().apis()).isEqualTo(2);
    }
}
