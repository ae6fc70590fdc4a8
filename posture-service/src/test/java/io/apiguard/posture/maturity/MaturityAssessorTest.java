package io.apiguard.posture.maturity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.evaluation.Posture;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The level is the highest L with levels 1..L holding; every level says why not and what to do. */
class MaturityAssessorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final MaturityAssessor assessor = new MaturityAssessor(defaults().maturity());

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void eachLevelBoundary(int expected) {
        // Given every level up to `expected` holds and the next one just misses its threshold
        MaturityReport report = assessUpTo(expected);

        // Then
        assertThat(report.level()).isEqualTo(expected);
        assertThat(report.levels()).hasSize(5);
        for (MaturityReport.Level level : report.levels()) {
            assertThat(level.holds()).as("level " + level.level()).isEqualTo(level.level() <= expected);
        }
        if (expected < 5) {
            MaturityReport.Level blocking = report.levels().get(expected);
            assertThat(blocking.reason()).isNotBlank();
            assertThat(blocking.nextStep()).isNotBlank();
            assertThat(report.nextStep()).isEqualTo(blocking.nextStep());
            assertThat(report.summary()).startsWith("Level " + expected + " of 5");
        } else {
            assertThat(report.nextStep()).isNull();
        }
    }

    @Test
    void aHigherLevelThatHoldsDoesNotCountAboveALowerOneThatDoesNot() {
        MaturityReport report = assessor.assess(discovery(true, 0.5), logging(0.95, 0.95), posture(0),
                detection(1, 5, 5), enforcement(1, 1, 3), NOW);

        assertThat(report.level()).isZero();
        assertThat(report.levels()).filteredOn(MaturityReport.Level::holds).hasSize(4);
        assertThat(report.levels().get(0).reason()).contains("declaredTrafficShare = 0.5, needs >= 0.95");
    }

    @Test
    void aServiceThatDidNotAnswerFailsItsLevelWithTheReason() {
        MaturityReport report = assessor.assess(
                ServiceProbe.failed("discovery-service", "no answer in time (timeout)", 400),
                logging(1, 1), posture(0), detection(1, 5, 5), enforcement(1, 1, 1), NOW);

        MaturityReport.Level level1 = report.levels().get(0);
        assertThat(level1.holds()).isFalse();
        assertThat(level1.reason()).contains("discovery-service did not answer usefully: no answer in time");
        assertThat(level1.nextStep()).contains("quarkus.rest-client.discovery.url");
        assertThat(level1.evidence()).containsKey("error");
    }

    @Test
    void missingOrWronglyTypedEvidenceFailsTheCriterionWithoutAnException() {
        RemoteStatus garbage = new RemoteStatus("detection-service", "1", 4, true, List.of(),
                Map.of("detection", Map.of("consumerLagSeconds", "soon", "detectorsEnabled", 3)), NOW);

        MaturityReport.Level level4 = assessor.assess(discovery(true, 1), logging(1, 1), posture(0),
                ServiceProbe.answered("detection-service", garbage, 3), enforcement(1, 1, 1), NOW).levels().get(3);

        assertThat(level4.holds()).isFalse();
        assertThat(level4.criteria()).extracting(MaturityReport.Criterion::detail).anySatisfy(detail ->
                assertThat(detail).contains("consumerLagSeconds is not usable: soon"));
        assertThat(level4.criteria()).extracting(MaturityReport.Criterion::detail).anySatisfy(detail ->
                assertThat(detail).contains("has no evidence detectorsTotal"));
    }

    @Test
    void aServiceThatIsNotReadyFailsItsLevelNamingWhatIsDown() {
        RemoteStatus notReady = new RemoteStatus("logging-service", "1", 2, false,
                List.of(new RemoteStatus.Dependency("Kafka connection health check", false)),
                Map.of("logging", Map.of("apisReportingShare", 1.0, "individualIdentityShare", 1.0)), NOW);

        MaturityReport.Level level2 = assessor.assess(discovery(true, 1),
                ServiceProbe.answered("logging-service", notReady, 2), posture(0), detection(1, 5, 5),
                enforcement(1, 1, 1), NOW).levels().get(1);

        assertThat(level2.holds()).isFalse();
        assertThat(level2.reason()).contains("down: Kafka connection health check");
    }

    @Test
    void detectorsAllDisabledOrNoneDefinedDoNotHold() {
        assertThat(assessor.assess(discovery(true, 1), logging(1, 1), posture(0), detection(1, 0, 0),
                enforcement(1, 1, 1), NOW).level()).isEqualTo(3);
    }

    private MaturityReport assessUpTo(int level) {
        return assessor.assess(
                discovery(true, level >= 1 ? 0.95 : 0.9499),
                logging(level >= 2 ? 0.9 : 0.89, 0.97),
                posture(level >= 3 ? 0 : 1),
                detection(level >= 4 ? 60 : 60.5, 7, 7),
                enforcement(level >= 5 ? 1.0 : 0.99, 1.0, 2),
                NOW);
    }

    static ServiceProbe discovery(boolean synced, double mapped) {
        return answered("discovery-service", 1, "discovery", Map.of("informerSynced", synced, "declaredTrafficShare", mapped));
    }

    static ServiceProbe logging(double reporting, double individual) {
        return answered("logging-service", 2, "logging",
                Map.of("apisReportingShare", reporting, "individualIdentityShare", individual));
    }

    static ServiceProbe detection(double lag, int enabled, int total) {
        return answered("detection-service", 4, "detection",
                Map.of("consumerLagSeconds", lag, "detectorsEnabled", enabled, "detectorsTotal", total));
    }

    static ServiceProbe enforcement(double covered, double current, int enforcing) {
        return answered("enforcement-service", 5, "enforcement", Map.of("externalApisCoveredShare", covered,
                "sidecarsCurrentShare", current, "sidecarsEnforcing", enforcing));
    }

    static Posture.Figures posture(long openCritical) {
        return new Posture.Figures(10, 10, NOW.minus(Duration.ofMinutes(3)), Map.of("open", openCritical),
                openCritical, 0);
    }

    private static ServiceProbe answered(String service, int level, String contributor, Map<String, Object> figures) {
        return ServiceProbe.answered(service, new RemoteStatus(service, "1", level, true, List.of(),
                Map.of(contributor, figures), NOW), 2);
    }

    /** The shipped configuration, built from the mapping's defaults. */
    static PostureConfig defaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PostureConfig.class)
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter()).build();
        return config.getConfigMapping(PostureConfig.class);
    }
}
