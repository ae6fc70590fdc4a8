package io.apiguard.detection.engine;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.Severity;

class IncidentTrackerTest {

    private final IncidentTracker tracker = new IncidentTracker(
            new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 100));

    private static Signal signal(String key, Severity severity, int n) {
        return new Signal("object-enumeration", key, severity, 0.8, key, "10.0.0." + (n % 3), "api-1", "call-" + n,
                T0, T0 + 300_000, Map.of("distinctObjects", (double) n), "summary " + n, "API1:2023", "block-subject");
    }

    @Test
    void anOngoingIncidentIsOneDetectionUpdatedAtMostOncePerPublishInterval() {
        // When 1,000 signals arrive over 100 seconds
        List<Detection> published = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Detection detection = tracker.accept(signal("mallory", Severity.HIGH, i), T0 + i * 100L);
            if (detection != null) {
                published.add(detection);
            }
        }

        // Then one id, opened once, then about one update per 10 s
        assertThat(published).extracting(Detection::id).containsOnly(published.get(0).id());
        assertThat(published.get(0).state()).isEqualTo(DetectionState.OPEN);
        assertThat(published.subList(1, published.size())).allSatisfy(d -> assertThat(d.state())
                .isEqualTo(DetectionState.ONGOING));
        assertThat(published).hasSizeBetween(9, 12);
        Detection last = published.get(published.size() - 1);
        assertThat(last.clientIps()).containsExactlyInAnyOrder("10.0.0.0", "10.0.0.1", "10.0.0.2");
        assertThat(last.evidence().callIds()).hasSize(Detection.Evidence.MAX_CALL_IDS);
        assertThat(last.evidence().figures().get("distinctObjects")).isGreaterThanOrEqualTo(900.0);
    }

    @Test
    void aSeverityRisePublishesAtOnce() {
        Detection open = tracker.accept(signal("mallory", Severity.HIGH, 1), T0);
        Detection quiet = tracker.accept(signal("mallory", Severity.HIGH, 2), T0 + 1000);
        Detection escalated = tracker.accept(signal("mallory", Severity.CRITICAL, 3), T0 + 2000);

        assertThat(open).isNotNull();
        assertThat(quiet).isNull();
        assertThat(escalated.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(escalated.id()).isEqualTo(open.id());
    }

    @Test
    void aQuietIncidentClosesAndALaterAttackIsANewIncident() {
        Detection first = tracker.accept(signal("mallory", Severity.HIGH, 1), T0);

        List<Detection> closed = tracker.sweep(T0 + Duration.ofMinutes(31).toMillis());
        Detection second = tracker.accept(signal("mallory", Severity.HIGH, 2), T0 + Duration.ofHours(2).toMillis());

        assertThat(closed).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(first.id());
            assertThat(d.state()).isEqualTo(DetectionState.CLOSED);
        });
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.state()).isEqualTo(DetectionState.OPEN);
    }

    @Test
    void theIdIsStableForTheSameTypeKeyAndBucket() {
        Detection a = tracker.accept(signal("mallory", Severity.HIGH, 1), T0 + 1000);
        IncidentTracker other = new IncidentTracker(
                new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 100));
        Detection b = other.accept(signal("mallory", Severity.HIGH, 9), T0 + 60_000);

        assertThat(b.id()).isEqualTo(a.id());
    }

    @Test
    void anAddressKeyedIncidentNamesNoSubject() {
        Signal stuffing = new Signal("credential-stuffing", "ip:203.0.113.9", Severity.HIGH, 0.8, "victim-3",
                "203.0.113.9", null, "c", T0, T0, Map.of(), "s", "API2:2023", "block-ip");
        Detection detection = tracker.accept(stuffing, T0);
        assertThat(detection.subject()).isNull();
        assertThat(IncidentTracker.incidentKey(detection)).isEqualTo("ip:203.0.113.9");
    }
}
