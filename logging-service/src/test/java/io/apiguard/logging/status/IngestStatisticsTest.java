package io.apiguard.logging.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.testing.time.ManualClock;

class IngestStatisticsTest {

    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final IngestStatistics statistics = new IngestStatistics(clock);

    private static NormalizedCall call(String subject, String apiId) {
        Identity identity = subject == null
                ? new Identity(null, null, PrincipalType.ANONYMOUS, AuthMethod.NONE, null, null, List.of(), null, false)
                : new Identity(
                        subject, null, PrincipalType.USER, AuthMethod.JWT, null, "example", List.of(), null, true);
        ApiCallRecord record = new ApiCallRecord(
                UUID.randomUUID(),
                T0,
                800,
                new ApiCallRecord.Api("api.example", "GET", "/x", null, "/x", apiId),
                new ApiCallRecord.Source("10.0.0.1", List.of(), "test"),
                new ApiCallRecord.Destination("svc", "ns", "pod-1"),
                identity,
                200,
                0,
                10,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);
        return new NormalizedCall(record, List.of(), T0);
    }

    @Test
    void nothingRecordedIsNothingMeasured() {
        statistics.record(List.of());

        IngestStatistics.Snapshot snapshot = statistics.snapshot();
        assertThat(snapshot.ingestRatePerSecond()).isZero();
        assertThat(snapshot.callsLastHour()).isZero();
        assertThat(snapshot.apisLastHour()).isEmpty();
    }

    @Test
    void callsIndividualsAndReportingApisAreCounted() {
        // When
        statistics.record(List.of(call("alice", "api-1"), call(null, "api-1"), call("bob", null)));

        // Then
        IngestStatistics.Snapshot snapshot = statistics.snapshot();
        assertThat(snapshot.callsLastHour()).isEqualTo(3);
        assertThat(snapshot.individualLastHour()).isEqualTo(2);
        assertThat(snapshot.apisLastHour()).containsExactly("api-1");
        assertThat(snapshot.ingestRatePerSecond()).isEqualTo(3 / 60.0);
    }

    @Test
    void theRateForgetsAfterAMinuteAndTheHourlyCountsAfterAnHour() {
        // Given
        statistics.record(List.of(call("alice", "api-1")));

        // When a minute has passed
        clock.advance(Duration.ofSeconds(61));

        // Then
        assertThat(statistics.snapshot().ingestRatePerSecond()).isZero();
        assertThat(statistics.snapshot().callsLastHour()).isEqualTo(1);

        // When an hour has passed, and a new call came into the bucket the old one had
        clock.advance(Duration.ofMinutes(59));
        statistics.record(List.of(call(null, "api-2")));

        // Then only the new call counts
        IngestStatistics.Snapshot snapshot = statistics.snapshot();
        assertThat(snapshot.callsLastHour()).isEqualTo(1);
        assertThat(snapshot.individualLastHour()).isZero();
        assertThat(snapshot.apisLastHour()).containsExactly("api-2");
    }
}
