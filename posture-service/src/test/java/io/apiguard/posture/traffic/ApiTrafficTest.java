package io.apiguard.posture.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ApiTrafficTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    private static CallTraits.Traits ok() {
        return new CallTraits.Traits(true, false, false, null, List.of(), false, List.of(), new long[0]);
    }

    private static CallTraits.Traits anonymousOk() {
        return new CallTraits.Traits(true, true, false, null, List.of(), false, List.of(), new long[0]);
    }

    @Test
    void eachTraitIsCountedAndAnonymousCallsAreNotAuthenticated() {
        // Given
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);

        // When
        traffic.record(ok(), T0);
        traffic.record(anonymousOk(), T0);
        traffic.record(
                new CallTraits.Traits(
                        false, false, true, "FinTech_User_01", List.of("api_key"), true, List.of("card"), new long[] {
                            7, 3
                        }),
                T0);
        traffic.record(new CallTraits.Traits(false, true, false, null, List.of(), false, List.of(), new long[0]), T0);

        // Then
        TrafficStats stats = traffic.stats(T0);
        assertThat(stats.calls()).isEqualTo(4);
        assertThat(stats.successful()).isEqualTo(2);
        assertThat(stats.successfulUnauthenticated()).isEqualTo(1);
        assertThat(stats.authenticated()).isEqualTo(2);
        assertThat(stats.sharedAccountOnly()).isEqualTo(1);
        assertThat(stats.sharedAccounts()).containsExactly("FinTech_User_01");
        assertThat(stats.queryCredentialCalls()).isEqualTo(1);
        assertThat(stats.queryCredentialNames()).containsExactly("api_key");
        assertThat(stats.serverErrors()).isEqualTo(1);
        assertThat(stats.sensitiveDataCalls()).isEqualTo(1);
        assertThat(stats.sensitiveIndicators()).containsExactly("card");
        assertThat(stats.numericIds()).isEqualTo(2);
        assertThat(stats.minNumericId()).isEqualTo(3);
        assertThat(stats.maxNumericId()).isEqualTo(7);
    }

    @Test
    void theNextWindowKeepsThePreviousOneAndTheOneAfterDropsIt() {
        // Given
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);
        traffic.record(ok(), T0);

        // When / Then: in the next window both count
        traffic.record(ok(), T0.plus(WINDOW));
        assertThat(traffic.stats(T0.plus(WINDOW)).calls()).isEqualTo(2);

        // When / Then: a window later the first is gone
        assertThat(traffic.stats(T0.plus(WINDOW.multipliedBy(2))).calls()).isEqualTo(1);
        assertThat(traffic.stats(T0.plus(WINDOW.multipliedBy(3))).calls()).isZero();
    }

    @Test
    void aCallAfterAGapOfMoreThanAWindowStartsAfreshWithoutThePrevious() {
        // Given
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);
        traffic.record(ok(), T0);

        // When: two windows later, not adjacent
        Instant later = T0.plus(WINDOW.multipliedBy(2)).plusSeconds(30);
        traffic.record(ok(), later);

        // Then: only the new call, and the window starts at that call
        assertThat(traffic.stats(later).calls()).isEqualTo(1);
        assertThat(traffic.drainDirty().current().start()).isEqualTo(later);
    }

    @Test
    void samplesOfNamesAndIdsStopGrowingButTheIdRangeStillMoves() {
        // Given
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);

        // When: more names and ids than are kept
        IntStream.range(0, ApiTraffic.MAX_NAMES + 5)
                .forEach(i -> traffic.record(
                        new CallTraits.Traits(
                                true, false, true, "account-" + i, List.of("key-" + i), false, List.of(), new long[0]),
                        T0));
        long[] ids = IntStream.rangeClosed(1, ApiTraffic.MAX_IDS + 10)
                .mapToLong(i -> i)
                .toArray();
        traffic.record(new CallTraits.Traits(true, false, false, null, List.of(), false, List.of(), ids), T0);

        // Then
        TrafficStats stats = traffic.stats(T0);
        assertThat(stats.sharedAccounts()).hasSize(ApiTraffic.MAX_NAMES);
        assertThat(stats.queryCredentialNames()).hasSize(ApiTraffic.MAX_NAMES);
        assertThat(stats.sharedAccountOnly()).isEqualTo(ApiTraffic.MAX_NAMES + 5);
        assertThat(stats.numericIds()).isEqualTo(ApiTraffic.MAX_IDS);
        assertThat(stats.maxNumericId()).isEqualTo(ApiTraffic.MAX_IDS + 10);
    }

    @Test
    void theStateIsDrainedOnlyWhenSomethingChanged() {
        // Given
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);
        assertThat(traffic.drainDirty()).isNull();

        // When
        traffic.record(ok(), T0);

        // Then: drained once
        ApiTraffic.State state = traffic.drainDirty();
        assertThat(state.current().calls()).isEqualTo(1);
        assertThat(state.previous()).isNull();
        assertThat(traffic.drainDirty()).isNull();

        // And a rotation alone is a change
        traffic.stats(T0.plus(WINDOW));
        assertThat(traffic.drainDirty().previous().calls()).isEqualTo(1);
    }

    @Test
    void aStateWithoutSamplesOrPreviousWindowRestores() {
        // Given: what an older version may have written
        ApiTraffic.BucketState bucket = new ApiTraffic.BucketState(T0, 3, 2, 1, 2, 0, null, 0, null, 1, 0, null, null);

        // When
        ApiTraffic traffic = ApiTraffic.restore(WINDOW, new ApiTraffic.State(bucket, null));

        // Then
        TrafficStats stats = traffic.stats(T0);
        assertThat(stats.calls()).isEqualTo(3);
        assertThat(stats.serverErrors()).isEqualTo(1);
        assertThat(stats.sharedAccounts()).isEmpty();
        assertThat(stats.numericIds()).isZero();
        assertThat(stats.minNumericId()).isZero();
        assertThat(stats.maxNumericId()).isZero();
    }

    private static CallTraits.Traits responding(String... dataClasses) {
        return new CallTraits.Traits(
                true, false, false, null, List.of(), false, List.of(), new long[0], List.of(dataClasses));
    }

    @Test
    void dataClassesAreKeptWithTheirCallsAndFirstAndLastSeen() {
        // Given
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);

        // When
        traffic.record(ok(), T0);
        traffic.record(responding("card-number"), T0.plusSeconds(10));
        traffic.record(responding("card-number", "email"), T0.plusSeconds(20));

        // Then
        TrafficStats stats = traffic.stats(T0.plusSeconds(30));
        assertThat(stats.responseDataClasses())
                .containsEntry("card-number", new DataClassSeen(2, T0.plusSeconds(10), T0.plusSeconds(20)))
                .containsEntry("email", new DataClassSeen(1, T0.plusSeconds(20), T0.plusSeconds(20)));
    }

    @Test
    void aDataClassNotSeenInEitherWindowClearsButKeepsItsFirstSeen() {
        // Given card numbers in the first window
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);
        traffic.record(responding("card-number"), T0);

        // When two windows pass without them, then they come back
        traffic.record(ok(), T0.plus(WINDOW.multipliedBy(2)));
        assertThat(traffic.stats(T0.plus(WINDOW.multipliedBy(2))).responseDataClasses())
                .isEmpty();
        traffic.record(responding("card-number"), T0.plus(WINDOW.multipliedBy(3)));

        // Then first seen is still the first time ever
        assertThat(traffic.stats(T0.plus(WINDOW.multipliedBy(3))).responseDataClasses())
                .containsEntry("card-number", new DataClassSeen(2, T0, T0.plus(WINDOW.multipliedBy(3))));
    }

    @Test
    void dataClassesSurviveARestartAndOldDocumentsHaveNone() {
        // Given
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);
        traffic.record(responding("iban"), T0);

        ApiTraffic.State state = traffic.drainDirty();

        // When
        ApiTraffic restored = ApiTraffic.restore(WINDOW, state);
        ApiTraffic old = ApiTraffic.restore(WINDOW, new ApiTraffic.State(state.current(), null));

        // Then
        assertThat(restored.stats(T0).responseDataClasses()).containsKey("iban");
        assertThat(old.stats(T0).responseDataClasses()).isEmpty();
    }

    @Test
    void theNumberOfDataClassesIsBounded() {
        ApiTraffic traffic = new ApiTraffic(WINDOW, T0);
        IntStream.range(0, ApiTraffic.MAX_NAMES + 10).forEach(i -> traffic.record(responding("class-" + i), T0));
        assertThat(traffic.stats(T0).responseDataClasses()).hasSize(ApiTraffic.MAX_NAMES);
    }
}
