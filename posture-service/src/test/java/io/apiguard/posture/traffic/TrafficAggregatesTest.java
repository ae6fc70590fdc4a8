package io.apiguard.posture.traffic;

import static io.apiguard.posture.TestApis.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Identity;
import io.apiguard.posture.TestApis;

/** Counters per API in two windows: what the traffic rules see, and how a stopped condition clears. */
class TrafficAggregatesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final TrafficAggregates aggregates =
            new TrafficAggregates(Duration.ofMinutes(10), new CallTraits(List.of("access_token"), List.of("ssn")));

    @Test
    void classifiesIdentityQueryCredentialsErrorsSensitiveDataAndNumericIds() {
        aggregates.record("a", call("h", "/accounts/7", null, Identity.anonymous(), 200, List.of()), T0);
        aggregates.record(
                "a",
                call("h", "/accounts/8", "access_token=x", TestApis.sharedAccount(), 503, List.of("card-number:path")),
                T0);
        aggregates.record("a", call("h", "/accounts/9", "ssn=1", TestApis.individual(), 404, List.of()), T0);
        aggregates.record(null, call("h", "/nowhere"), T0);

        TrafficStats stats = aggregates.stats("a", T0);

        assertThat(stats.calls()).isEqualTo(3);
        assertThat(stats.successful()).isEqualTo(1);
        assertThat(stats.successfulUnauthenticated()).isEqualTo(1);
        assertThat(stats.authenticated()).isEqualTo(2);
        assertThat(stats.sharedAccountOnly()).isEqualTo(1);
        assertThat(stats.sharedAccounts()).containsExactly("FinTech_User_01");
        assertThat(stats.queryCredentialNames()).containsExactly("query:access_token");
        assertThat(stats.serverErrors()).isEqualTo(1);
        assertThat(stats.sensitiveIndicators()).containsExactlyInAnyOrder("card-number:path", "query:ssn");
        assertThat(stats.numericIds()).isEqualTo(3);
        assertThat(stats.idDensity()).isEqualTo(1.0);
        assertThat(aggregates.callsUnmapped()).isEqualTo(1);
    }

    @Test
    void aConditionThatStopsLeavesTheStatsAfterTwoWindows() {
        aggregates.record("a", call("h", "/orders", "access_token=x", TestApis.individual(), 200, List.of()), T0);

        assertThat(aggregates.stats("a", T0.plus(Duration.ofMinutes(15))).queryCredentialCalls())
                .isEqualTo(1);
        assertThat(aggregates.stats("a", T0.plus(Duration.ofMinutes(21))).queryCredentialCalls())
                .isZero();
    }

    @Test
    void persistedCountersRestoreTheSameStats() {
        aggregates.record("a", call("h", "/orders/12", "access_token=x", TestApis.sharedAccount(), 500, List.of()), T0);
        ApiTraffic.State state = aggregates.drainDirty().get("a");
        TrafficAggregates restored =
                new TrafficAggregates(Duration.ofMinutes(10), new CallTraits(List.of(), List.of()));

        restored.restore("a", state);

        assertThat(restored.stats("a", T0)).isEqualTo(aggregates.stats("a", T0));
        assertThat(aggregates.drainDirty()).isEmpty();
    }
}
