package io.apiguard.detection.correlation;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.KeyedDetection;

/** Card skimming: an API pod serving card data that starts sending to a new offsite destination, and its twins. */
class CardSkimmingCorrelatorTest {

    private static final long MINUTE = 60_000;
    private static final String POD_IP = "10.0.2.41";
    private static final NetworkFlow.Workload POD = new NetworkFlow.Workload("payments", "card-api-0");
    private static final NetworkFlow.Workload LEDGER = new NetworkFlow.Workload("ledger", "ledger-0");
    /** The payment processor the API really sends card data to: offsite, and usual. */
    private static final String PROCESSOR = "198.51.100.20";

    private static final String SKIMMER = "203.0.113.50";

    private final CardSkimmingCorrelator correlator = new CardSkimmingCorrelator(
            CardSkimmingCorrelator.Settings.defaults(),
            new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 100),
            new Allowlist());

    private static NetworkFlow flow(NetworkFlow.Workload from, String to, NetworkFlow.Workload toPod, long at) {
        return new NetworkFlow(
                POD_IP,
                40_000 + (int) (at / 1000 % 20_000),
                to,
                443,
                "tcp",
                0,
                0,
                Instant.ofEpochMilli(at),
                Instant.ofEpochMilli(at),
                0,
                NetworkFlow.HUBBLE,
                from,
                toPod);
    }

    private static ApiCallRecord cardCall(long at) {
        return TestCalls.by("carol@shop.example")
                .servedBy("card-api", "payments", "card-api-0")
                .dataClasses("card-number")
                .at(at)
                .call("GET", "/cards/{id}", "cards", "c-" + at);
    }

    /** Forty minutes of the pod's usual life: card calls, and flows to the processor and the ledger. */
    private List<KeyedDetection> usualLife() {
        List<KeyedDetection> raised = new ArrayList<>();
        for (long at = T0; at < T0 + 40 * MINUTE; at += MINUTE) {
            raised.addAll(correlator.observe(cardCall(at)));
            raised.addAll(correlator.observe(flow(POD, PROCESSOR, null, at + 1000)));
            raised.addAll(correlator.observe(flow(POD, "10.0.3.5", LEDGER, at + 2000)));
        }
        return raised;
    }

    private static List<Detection> detections(List<KeyedDetection> raised) {
        return raised.stream().map(KeyedDetection::detection).toList();
    }

    @Test
    void aCardApiPodThatStartsSendingToANewOffsiteDestinationWhileServingCardCallsRaisesACriticalDetection() {
        // Given: a learned baseline of the pod's destinations
        assertThat(usualLife()).isEmpty();
        long at = T0 + 41 * MINUTE;
        ApiCallRecord before = cardCall(at - 30_000);
        ApiCallRecord during = cardCall(at - 1_000);
        correlator.observe(before);
        correlator.observe(during);

        // When: the pod opens a connection to an address it never talked to
        List<Detection> raised = detections(correlator.observe(flow(POD, SKIMMER, null, at)));

        // Then: critical, naming the API, the pod, the destination and the calls around it
        assertThat(raised).hasSize(1);
        Detection detection = raised.get(0);
        assertThat(detection.type()).isEqualTo(CardSkimmingCorrelator.TYPE);
        assertThat(detection.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(detection.state()).isEqualTo(DetectionState.OPEN);
        assertThat(detection.apiIds()).containsExactly(during.api().apiId());
        assertThat(detection.clientIps()).containsExactly(POD_IP);
        assertThat(detection.evidence().callIds()).containsExactly(during.id().toString());
        assertThat(detection.evidence().summary())
                .contains("payments/card-api-0")
                .contains(during.api().apiId())
                .contains(SKIMMER + ":443")
                .contains(during.id().toString())
                .contains(before.id().toString());
        assertThat(detection.evidence().figures())
                .containsEntry("knownDestinations", 2.0)
                .containsEntry("baselinePeriods", 5.0);
        assertThat(detection.subject()).as("a pod is no person").isNull();
    }

    @Test
    void theSamePodTalkingToItsUsualDestinationsAtTheSameVolumeWhileServingTheSameCardCallsRaisesNothing() {
        // Given
        assertThat(usualLife()).isEmpty();
        long at = T0 + 41 * MINUTE;
        correlator.observe(cardCall(at - 30_000));
        correlator.observe(cardCall(at - 1_000));

        // When: the same flows as the attack, to the destination it always talks to
        List<KeyedDetection> raised = correlator.observe(flow(POD, PROCESSOR, null, at));

        // Then
        assertThat(raised).isEmpty();
    }

    @Test
    void aNewDestinationSeenBeforeItsCardCallsArriveIsRaisedWhenTheyDo() {
        // Given: the flow first (Hubble is quicker than the call log), ten minutes after the last card call
        usualLife();
        long at = T0 + 50 * MINUTE;
        assertThat(correlator.observe(flow(POD, SKIMMER, null, at))).isEmpty();

        // When
        ApiCallRecord late = cardCall(at + 20_000);
        List<Detection> raised = detections(correlator.observe(late));

        // Then
        assertThat(raised).singleElement().satisfies(detection -> {
            assertThat(detection.type()).isEqualTo(CardSkimmingCorrelator.TYPE);
            assertThat(detection.evidence().callIds()).containsExactly(late.id().toString());
        });
    }

    @Test
    void aNewDestinationWithNoCardCallAroundItRaisesNothing() {
        // Given
        usualLife();
        long at = T0 + 50 * MINUTE;

        // When: a new destination ten minutes after the last card call, and a card call ten minutes later still
        List<KeyedDetection> raised = new ArrayList<>(correlator.observe(flow(POD, SKIMMER, null, at)));
        raised.addAll(correlator.observe(cardCall(at + 10 * MINUTE)));

        // Then
        assertThat(raised).isEmpty();
    }

    @Test
    void nothingIsRaisedBeforeThePodsBaselineHoldsEnoughFlowsOverEnoughPeriods() {
        // Given: 60 flows and card calls, but all within one period
        List<KeyedDetection> raised = new ArrayList<>();
        for (long at = T0; at < T0 + 60 * 5_000; at += 5_000) {
            raised.addAll(correlator.observe(cardCall(at)));
            raised.addAll(correlator.observe(flow(POD, PROCESSOR, null, at + 100)));
        }

        // When
        raised.addAll(correlator.observe(flow(POD, SKIMMER, null, T0 + 60 * 5_000)));

        // Then: a pod just deployed is learning, whatever its calls
        assertThat(raised).isEmpty();
    }

    @Test
    void aNewDestinationInsideTheClusterIsNoSkimming() {
        // Given
        usualLife();
        long at = T0 + 41 * MINUTE;
        correlator.observe(cardCall(at - 1_000));

        // When: a pod the API never called before (the flow names its pod)
        List<KeyedDetection> raised =
                correlator.observe(flow(POD, "10.0.4.9", new NetworkFlow.Workload("fraud", "scorer-0"), at));

        // Then
        assertThat(raised).isEmpty();
    }

    @Test
    void flowsThatDoNotNameTheirPodAndCallsWithoutCardDataAreNotJoined() {
        // Given
        usualLife();
        long at = T0 + 41 * MINUTE;
        correlator.observe(TestCalls.by("carol@shop.example")
                .servedBy("card-api", "payments", "card-api-0")
                .at(at - 1_000)
                .call("GET", "/cards/{id}", "cards", "c-1"));

        // When: a pmacct flow (no pod) from the pod's address, and a Hubble one after a call without card data
        List<KeyedDetection> raised = new ArrayList<>(correlator.observe(flow(null, SKIMMER, null, at)));
        raised.addAll(correlator.observe(flow(POD, "203.0.113.77", null, at + 10 * MINUTE)));

        // Then
        assertThat(raised).isEmpty();
    }
}
