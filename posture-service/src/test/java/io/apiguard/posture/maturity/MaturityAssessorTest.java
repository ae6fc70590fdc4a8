package io.apiguard.posture.maturity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.apiguard.common.status.DependencyStatus;
import io.apiguard.common.status.DetectionFigures;
import io.apiguard.common.status.DiscoveryFigures;
import io.apiguard.common.status.EnforcementFigures;
import io.apiguard.common.status.LoggingFigures;
import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
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
        MaturityReport report = assessor.assess(
                discovery(true, 0.5), logging(0.95, 0.95), posture(0), detection(1, 5, 5), enforcement(1, 1, 3), NOW);

        assertThat(report.level()).isZero();
        assertThat(report.levels()).filteredOn(MaturityReport.Level::holds).hasSize(4);
        assertThat(report.levels().get(0).reason()).contains("declaredTrafficShare = 0.5, needs >= 0.95");
    }

    @Test
    void aServiceThatDidNotAnswerFailsItsLevelWithTheReason() {
        MaturityReport report = assessor.assess(
                ServiceProbe.failed("discovery-service", "no answer in time (timeout)", 400),
                logging(1, 1),
                posture(0),
                detection(1, 5, 5),
                enforcement(1, 1, 1),
                NOW);

        MaturityReport.Level level1 = report.levels().get(0);
        assertThat(level1.holds()).isFalse();
        assertThat(level1.reason()).contains("discovery-service did not answer usefully: no answer in time");
        assertThat(level1.nextStep()).contains("quarkus.rest-client.discovery.url");
        assertThat(level1.evidence()).isEqualTo(Map.of("error", "no answer in time (timeout)"));
    }

    @Test
    void aStatusWithoutTheLevelsEvidenceFailsTheLevelWithoutAnException() {
        // Given detection answers, ready, with no detection entry
        ServiceStatus<StatusEvidence> empty = new ServiceStatus<>(
                "detection-service",
                "1",
                4,
                true,
                List.of(),
                new StatusEvidence(null, null, null, null, null, null, null),
                Map.of(),
                NOW);

        // When
        MaturityReport.Level level4 = assessor.assess(
                        discovery(true, 1),
                        logging(1, 1),
                        posture(0),
                        ServiceProbe.answered("detection-service", empty, 3),
                        enforcement(1, 1, 1),
                        NOW)
                .levels()
                .get(3);

        // Then
        assertThat(level4.holds()).isFalse();
        assertThat(level4.reason()).contains("detection-service's status has no evidence.detection");
        assertThat(level4.nextStep()).contains("publishes evidence.detection");
    }

    @Test
    void anEvidenceEntryThatFailedAtTheServiceFailsTheLevelWithItsError() {
        // Given logging answers, but its logging contributor timed out there
        ServiceStatus<StatusEvidence> failed = new ServiceStatus<>(
                "logging-service",
                "1",
                2,
                true,
                List.of(),
                new StatusEvidence(null, null, null, null, null, null, null),
                Map.of("logging", "no answer within PT2S"),
                NOW);

        // When
        MaturityReport.Level level2 = assessor.assess(
                        discovery(true, 1),
                        ServiceProbe.answered("logging-service", failed, 2),
                        posture(0),
                        detection(1, 5, 5),
                        enforcement(1, 1, 1),
                        NOW)
                .levels()
                .get(1);

        // Then
        assertThat(level2.holds()).isFalse();
        assertThat(level2.reason()).contains("logging-service's logging evidence failed: no answer within PT2S");
    }

    @Test
    void aFigureThatIsNotANumberNeverHolds() {
        MaturityReport.Level level4 = assessor.assess(
                        discovery(true, 1),
                        logging(1, 1),
                        posture(0),
                        detection(Double.NaN, 5, 5),
                        enforcement(1, 1, 1),
                        NOW)
                .levels()
                .get(3);

        assertThat(level4.holds()).isFalse();
        assertThat(level4.reason()).contains("consumerLagSeconds");
    }

    @Test
    void aServiceThatIsNotReadyFailsItsLevelNamingWhatIsDown() {
        ServiceStatus<StatusEvidence> notReady = new ServiceStatus<>(
                "logging-service",
                "1",
                2,
                false,
                List.of(new DependencyStatus("Kafka connection health check", false, Map.of())),
                new StatusEvidence(null, loggingFigures(1.0, 1.0), null, null, null, null, null),
                Map.of(),
                NOW);

        MaturityReport.Level level2 = assessor.assess(
                        discovery(true, 1),
                        ServiceProbe.answered("logging-service", notReady, 2),
                        posture(0),
                        detection(1, 5, 5),
                        enforcement(1, 1, 1),
                        NOW)
                .levels()
                .get(1);

        assertThat(level2.holds()).isFalse();
        assertThat(level2.reason()).contains("down: Kafka connection health check");
    }

    @Test
    void detectorsAllDisabledOrNoneDefinedDoNotHold() {
        assertThat(assessor.assess(
                                discovery(true, 1),
                                logging(1, 1),
                                posture(0),
                                detection(1, 0, 0),
                                enforcement(1, 1, 1),
                                NOW)
                        .level())
                .isEqualTo(3);
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
        return answered(
                "discovery-service",
                1,
                new StatusEvidence(
                        new DiscoveryFigures("cluster", synced, 10, 0, 10, 0, 0, 100, 100, mapped),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    static ServiceProbe logging(double reporting, double individual) {
        return answered(
                "logging-service",
                2,
                new StatusEvidence(null, loggingFigures(reporting, individual), null, null, null, null, null));
    }

    static ServiceProbe detection(double lag, int enabled, int total) {
        return answered(
                "detection-service",
                4,
                new StatusEvidence(
                        null,
                        null,
                        null,
                        new DetectionFigures(lag, 0, enabled, total, 10, 100, 0, 0, List.of(0), 0, 0, 0),
                        null,
                        null,
                        null));
    }

    static ServiceProbe enforcement(double covered, double current, int enforcing) {
        return answered(
                "enforcement-service",
                5,
                new StatusEvidence(
                        null,
                        null,
                        null,
                        null,
                        new EnforcementFigures(1, 3, enforcing, enforcing, enforcing, current, 4, 4, covered),
                        null,
                        null));
    }

    private static LoggingFigures loggingFigures(double reporting, double individual) {
        return new LoggingFigures(10, 100, 90, individual, 10, 9, reporting);
    }

    static Posture.Figures posture(long openCritical) {
        return new Posture.Figures(
                10, 10, NOW.minus(Duration.ofMinutes(3)), Map.of("open", openCritical), openCritical, 0);
    }

    private static ServiceProbe answered(String service, int level, StatusEvidence evidence) {
        return ServiceProbe.answered(
                service, new ServiceStatus<>(service, "1", level, true, List.of(), evidence, Map.of(), NOW), 2);
    }

    /** The shipped configuration, built from the mapping's defaults. */
    static PostureConfig defaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PostureConfig.class)
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .build();
        return config.getConfigMapping(PostureConfig.class);
    }
}
