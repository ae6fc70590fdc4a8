package io.apiguard.detection.correlation;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.KeyedDetection;

class EgressCorrelatorTest {

    private static final long MINUTE = 60_000;

    private final EgressCorrelator correlator = new EgressCorrelator(
            EgressCorrelator.Settings.defaults(),
            new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 100),
            new Allowlist());

    private static NetworkFlow flow(String source, long bytes, long at) {
        return new NetworkFlow(
                source,
                40_000,
                "198.51.100.200",
                443,
                "tcp",
                bytes,
                1000,
                Instant.ofEpochMilli(at),
                Instant.ofEpochMilli(at + 500));
    }

    private static List<Detection> detections(List<KeyedDetection> raised) {
        return raised.stream().map(KeyedDetection::detection).toList();
    }

    private static Detection flagged(String subject, String ip, long at) {
        return new Detection(
                "d-1",
                "object-enumeration",
                Severity.HIGH,
                0.8,
                subject,
                List.of(ip),
                List.of(),
                Instant.ofEpochMilli(at),
                Instant.ofEpochMilli(at),
                new Detection.Evidence(List.of(), Map.of(), "s"),
                "API1:2023",
                "block-subject",
                DetectionState.OPEN,
                Instant.ofEpochMilli(at));
    }

    @Test
    void aFlaggedSubjectFollowedByUnusualEgressFiresWhileTheSameEgressFromAnUnflaggedAddressDoesNot() {
        // Given both addresses send about 1 MB a minute for five minutes
        for (int minute = 0; minute < 5; minute++) {
            correlator.observe(flow("10.2.0.5", 1_000_000, T0 + minute * MINUTE));
            correlator.observe(flow("10.2.0.6", 1_000_000, T0 + minute * MINUTE));
        }

        // When mallory, on 10.2.0.5, is flagged and both addresses then send 80 MB
        correlator.flag(flagged("mallory", "10.2.0.5", T0 + 5 * MINUTE));
        List<Detection> flagged = detections(correlator.observe(flow("10.2.0.5", 80_000_000, T0 + 6 * MINUTE)));
        List<Detection> unflagged = detections(correlator.observe(flow("10.2.0.6", 80_000_000, T0 + 6 * MINUTE)));

        // Then
        assertThat(unflagged).isEmpty();
        assertThat(flagged).singleElement().satisfies(detection -> {
            assertThat(detection.type()).isEqualTo(EgressCorrelator.TYPE);
            assertThat(detection.subject()).isEqualTo("mallory");
            assertThat(detection.clientIps()).containsExactly("10.2.0.5");
            assertThat(detection.recommendedAction()).isEqualTo("block-ip");
            assertThat(detection.evidence().summary()).contains("d-1");
        });
    }

    @Test
    void aFlaggedSubjectWithOrdinaryEgressIsSilent() {
        for (int minute = 0; minute < 5; minute++) {
            correlator.observe(flow("10.2.0.7", 20_000_000, T0 + minute * MINUTE));
        }
        correlator.flag(flagged("alice", "10.2.0.7", T0 + 5 * MINUTE));

        assertThat(correlator.observe(flow("10.2.0.7", 20_000_000, T0 + 6 * MINUTE)))
                .isEmpty();
    }
}
