package io.apiguard.enforcement.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.status.EnforcementFigures;
import io.apiguard.enforcement.inventory.ApiExposureRepository.ExternalCoverage;
import io.apiguard.enforcement.sidecars.Sidecar;

/** The Level 5 figures from the tables' rows: which sidecars count, and the shares at their edges. */
class EnforcementEvidenceFiguresTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofSeconds(90);

    @Test
    void onlyLiveSidecarsCountTowardsEnforcingAndCurrent() {
        // Given: two live sidecars (one enforcing at the current version, one monitoring behind it) and a stale one
        List<Sidecar> sidecars = List.of(
                sidecar("a", "enforce", 7, NOW.minusSeconds(5)),
                sidecar("b", "monitor", 6, NOW.minusSeconds(89)),
                sidecar("c", "enforce", 7, NOW.minusSeconds(91)));

        // When
        EnforcementFigures figures =
                EnforcementEvidence.figures(7, 4, sidecars, new ExternalCoverage(4, 3), NOW, STALE_AFTER);

        // Then
        assertThat(figures).isEqualTo(new EnforcementFigures(7, 4, 3, 2, 1, 0.5, 4, 3, 0.75));
    }

    @Test
    void withNoLiveSidecarNothingIsCurrent() {
        EnforcementFigures figures = EnforcementEvidence.figures(
                3,
                0,
                List.of(sidecar("a", "enforce", 3, null), sidecar("b", "enforce", 3, NOW.minus(Duration.ofHours(1)))),
                new ExternalCoverage(2, 0),
                NOW,
                STALE_AFTER);

        assertThat(figures.sidecarsKnown()).isEqualTo(2);
        assertThat(figures.sidecarsLive()).isZero();
        assertThat(figures.sidecarsEnforcing()).isZero();
        assertThat(figures.sidecarsCurrentShare()).isZero();
        assertThat(figures.externalApisCoveredShare()).isZero();
    }

    @Test
    void withNoExternalApiNothingIsUncovered() {
        EnforcementFigures figures =
                EnforcementEvidence.figures(1, 0, List.of(), new ExternalCoverage(0, 0), NOW, STALE_AFTER);

        assertThat(figures.externalApisCoveredShare()).isEqualTo(1.0);
        assertThat(figures.sidecarsCurrentShare()).isZero();
    }

    @Test
    void aSidecarHeardFromExactlyAtTheBoundIsLive() {
        EnforcementFigures figures = EnforcementEvidence.figures(
                2,
                1,
                List.of(sidecar("a", "enforce", 2, NOW.minus(STALE_AFTER))),
                new ExternalCoverage(1, 1),
                NOW,
                STALE_AFTER);

        assertThat(figures.sidecarsLive()).isEqualTo(1);
        assertThat(figures.sidecarsCurrentShare()).isEqualTo(1.0);
    }

    private static Sidecar sidecar(String id, String mode, long ackedVersion, Instant lastContact) {
        return new Sidecar(
                id,
                "payments",
                id + "-pod",
                "accounts",
                "http://" + id + ":8091",
                mode,
                true,
                false,
                ackedVersion,
                lastContact,
                lastContact,
                null);
    }
}
