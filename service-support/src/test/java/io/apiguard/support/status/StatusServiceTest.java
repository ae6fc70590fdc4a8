package io.apiguard.support.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.status.LeadershipFigures;
import io.smallrye.mutiny.Uni;

/** A contributor that fails, answers nothing or hangs costs its own entry, never the status document. */
class StatusServiceTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @Test
    void eachContributorsRecordIsFiledUnderItsName() {
        // Given
        LeadershipFigures figures = new LeadershipFigures(false, true, "pod-0", "lease", null, null);

        // When
        StatusService.Evidence evidence =
                collect(contributor("leadership", Uni.createFrom().item(figures)));

        // Then
        assertThat(evidence.figures()).containsExactly(Map.entry("leadership", figures));
        assertThat(evidence.errors()).isEmpty();
    }

    @Test
    void aFailingContributorHasAnErrorInsteadOfFiguresAndTheOthersStillAnswer() {
        StatusService.Evidence evidence = collect(
                contributor("broken", Uni.createFrom().failure(new IllegalStateException("database down"))),
                contributor("fine", Uni.createFrom().item("figures")));

        assertThat(evidence.figures()).containsOnlyKeys("fine");
        assertThat(evidence.errors()).containsExactly(Map.entry("broken", "database down"));
    }

    @Test
    void aContributorThatDoesNotAnswerInTimeHasATimeoutError() {
        StatusService.Evidence evidence =
                collect(contributor("slow", Uni.createFrom().nothing()));

        assertThat(evidence.figures()).isEmpty();
        assertThat(evidence.errors()).containsExactly(Map.entry("slow", "no answer within " + TIMEOUT));
    }

    @Test
    void aContributorThatAnswersNothingHasAnError() {
        StatusService.Evidence evidence =
                collect(contributor("empty", Uni.createFrom().nullItem()));

        assertThat(evidence.figures()).isEmpty();
        assertThat(evidence.errors()).containsExactly(Map.entry("empty", "no figures"));
    }

    @Test
    void noContributorIsAnEmptyEvidence() {
        StatusService.Evidence evidence = collect();

        assertThat(evidence.figures()).isEmpty();
        assertThat(evidence.errors()).isEmpty();
    }

    private static StatusService.Evidence collect(StatusContributor... contributors) {
        return StatusService.collectEvidence(List.of(contributors), TIMEOUT)
                .await()
                .atMost(Duration.ofSeconds(5));
    }

    private static StatusContributor contributor(String name, Uni<?> figures) {
        return new StatusContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Uni<?> evidence() {
                return figures;
            }
        };
    }
}
