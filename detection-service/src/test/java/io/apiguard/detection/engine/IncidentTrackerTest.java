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

    private final IncidentTracker tracker =
            new IncidentTracker(new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 100));

    private static Signal signal(String key, Severity severity, int n) {
        return new Signal(
                "object-enumeration",
                key,
                severity,
                0.8,
                key,
                "10.0.0." + (n % 3),
                null,
                "api-1",
                "call-" + n,
                T0,
                T0 + 300_000,
                Map.of("distinctObjects", (double) n),
                "summary " + n,
                "API1:2023",
                "block-subject");
    }

    /** What the tracker publishes for {@code signal} at {@code now}, or null. */
    private Detection accept(Signal signal, long now) {
        return accept(tracker, signal, now);
    }

    private static Detection accept(IncidentTracker tracker, Signal signal, long now) {
        KeyedDetection keyed = tracker.accept(signal, now);
        return keyed == null ? null : keyed.detection();
    }

    @Test
    void anOngoingIncidentIsOneDetectionUpdatedAtMostOncePerPublishInterval() {
        // When 1,000 signals arrive over 100 seconds
        List<Detection> published = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Detection detection = accept(signal("mallory", Severity.HIGH, i), T0 + i * 100L);
            if (detection != null) {
                published.add(detection);
            }
        }

        // Then one id, opened once, then about one update per 10 s
        assertThat(published)
                .extracting(Detection::id)
                .containsOnly(published.get(0).id());
        assertThat(published.get(0).state()).isEqualTo(DetectionState.OPEN);
        assertThat(published.subList(1, published.size()))
                .allSatisfy(d -> assertThat(d.state()).isEqualTo(DetectionState.ONGOING));
        assertThat(published).hasSizeBetween(9, 12);
        Detection last = published.get(published.size() - 1);
        assertThat(last.clientIps()).containsExactlyInAnyOrder("10.0.0.0", "10.0.0.1", "10.0.0.2");
        assertThat(last.evidence().callIds()).hasSize(Detection.Evidence.MAX_CALL_IDS);
        assertThat(last.evidence().figures().get("distinctObjects")).isGreaterThanOrEqualTo(900.0);
    }

    @Test
    void aSeverityRisePublishesAtOnce() {
        Detection open = accept(signal("mallory", Severity.HIGH, 1), T0);
        Detection quiet = accept(signal("mallory", Severity.HIGH, 2), T0 + 1000);
        Detection escalated = accept(signal("mallory", Severity.CRITICAL, 3), T0 + 2000);

        assertThat(open).isNotNull();
        assertThat(quiet).isNull();
        assertThat(escalated.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(escalated.id()).isEqualTo(open.id());
    }

    @Test
    void aQuietIncidentClosesAndALaterAttackIsANewIncident() {
        Detection first = accept(signal("mallory", Severity.HIGH, 1), T0);

        List<Detection> closed = tracker.sweep(T0 + Duration.ofMinutes(31).toMillis()).stream()
                .map(KeyedDetection::detection)
                .toList();
        Detection second = accept(
                signal("mallory", Severity.HIGH, 2), T0 + Duration.ofHours(2).toMillis());

        assertThat(closed).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(first.id());
            assertThat(d.state()).isEqualTo(DetectionState.CLOSED);
        });
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.state()).isEqualTo(DetectionState.OPEN);
    }

    @Test
    void theIdIsStableForTheSameTypeKeyAndBucket() {
        Detection a = accept(signal("mallory", Severity.HIGH, 1), T0 + 1000);
        IncidentTracker other =
                new IncidentTracker(new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 100));
        Detection b = accept(other, signal("mallory", Severity.HIGH, 9), T0 + 60_000);

        assertThat(b.id()).isEqualTo(a.id());
    }

    @Test
    void anAddressKeyedIncidentNamesNoSubject() {
        Signal stuffing = new Signal(
                "credential-stuffing",
                "ip:203.0.113.9",
                Severity.HIGH,
                0.8,
                "victim-3",
                "203.0.113.9",
                "sha256:00000000000000a1",
                null,
                "c",
                T0,
                T0,
                Map.of(),
                "s",
                "API2:2023",
                "block-ip");
        KeyedDetection keyed = tracker.accept(stuffing, T0);
        assertThat(keyed.incidentKey()).isEqualTo("ip:203.0.113.9");
        assertThat(keyed.detection().subject()).isNull();
        assertThat(keyed.detection().credentialFingerprints()).containsExactly("sha256:00000000000000a1");
    }

    @Test
    void aCredentialKeyedIncidentNamesNoSubjectButItsFingerprintAndEveryAddress() {
        // Given signals about one unverified credential from three addresses, each naming the subject its token claims
        KeyedDetection keyed = null;
        for (int i = 0; i < 3; i++) {
            KeyedDetection published = tracker.accept(
                    new Signal(
                            "object-enumeration",
                            "fp:sha256:00000000000000b2",
                            Severity.HIGH,
                            0.8,
                            "alice",
                            "198.51.100." + i,
                            "sha256:00000000000000b2",
                            "api-1",
                            "c" + i,
                            T0,
                            T0,
                            Map.of(),
                            "s",
                            "API1:2023",
                            "block-credential"),
                    T0 + i * 20_000L);
            keyed = published == null ? keyed : published;
        }

        // Then the incident is about the credential, never about alice
        assertThat(keyed.incidentKey()).isEqualTo("fp:sha256:00000000000000b2");
        assertThat(keyed.detection().subject()).isNull();
        assertThat(keyed.detection().credentialFingerprints()).containsExactly("sha256:00000000000000b2");
        assertThat(keyed.detection().clientIps()).containsExactly("198.51.100.0", "198.51.100.1", "198.51.100.2");
        assertThat(keyed.detection().recommendedAction()).isEqualTo("block-credential");
    }
}
