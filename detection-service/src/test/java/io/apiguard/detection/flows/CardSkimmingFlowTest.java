package io.apiguard.detection.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.Severity;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.correlation.CardSkimmingCorrelator;
import io.apiguard.detection.stream.StreamSupport;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Card skimming through the whole app: Hubble flow lines on their raw topic (through the adapter to
 * {@code apiguard.network}) and card-data calls on {@code apiguard.calls.normalized}; an API pod that starts sending
 * to a new offsite address while serving card calls is detected on {@code apiguard.detections}, its twin talking to its
 * usual destinations at the same volume is not.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class CardSkimmingFlowTest {

    private static final long MINUTE = 60_000;
    private static final String PROCESSOR = "198.51.100.20";
    private static final String SKIMMER = "203.0.113.50";

    private final StreamSupport stream = new StreamSupport();

    @AfterEach
    void close() {
        stream.close();
    }

    @Test
    void anApiPodCopyingCardDataOffsiteIsDetectedAndItsTwinTalkingToItsUsualDestinationsIsNot() throws Exception {
        // Given: two replicas of a card API, each with forty minutes of usual life (card calls, flows to the card
        // processor and to the ledger), learned from the flows Hubble reports
        String run = UUID.randomUUID().toString().substring(0, 8);
        String attacked = "card-api-" + run + "-a";
        String twin = "card-api-" + run + "-b";
        long start = Instant.now().minus(Duration.ofMinutes(50)).toEpochMilli();
        for (String pod : List.of(attacked, twin)) {
            usualLife(pod, start);
        }

        // When: at the same moment, both serve the same card calls; the attacked one opens a connection to an address
        // it never talked to, the twin one to its processor, as always
        // Seven minutes after the usual life, past the 5-minute join: the only card calls around the new destination
        // are
        // these, whichever of them and the flow the correlation reads first (at 41 minutes, a flow read before them
        // was joined with the usual life's last calls, and the evidence named those instead)
        long at = start + 47 * MINUTE;
        List<ApiCallRecord> attackedCalls = List.of(cardCall(attacked, at - 30_000), cardCall(attacked, at - 1_000));
        stream.publishAll(attackedCalls);
        stream.publishAll(List.of(cardCall(twin, at - 30_000), cardCall(twin, at - 1_000)));
        stream.publishRaw(Topics.NETWORK_HUBBLE, twin, hubble(twin, PROCESSOR, null, at));
        stream.publishRaw(Topics.NETWORK_HUBBLE, attacked, hubble(attacked, SKIMMER, null, at));

        // Then: critical, naming the API, the pod, the destination and the calls around it
        Detection detection = stream.await(d -> CardSkimmingCorrelator.TYPE.equals(d.type())
                && d.evidence().summary().contains(attacked));
        assertThat(detection.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(detection.apiIds())
                .containsExactly(attackedCalls.get(0).api().apiId());
        assertThat(detection.evidence().summary())
                .contains("payments/" + attacked)
                .contains(SKIMMER + ":443")
                // the calls the correlation had read when it judged the flow: one or both, never the usual life's
                .containsAnyOf(
                        attackedCalls.get(0).id().toString(),
                        attackedCalls.get(1).id().toString());
        assertThat(detection.evidence().callIds()).isNotEmpty().isSubsetOf(ids(attackedCalls));
        // and the twin raised nothing
        assertThat(stream.all(Duration.ofSeconds(3)))
                .noneMatch(d -> CardSkimmingCorrelator.TYPE.equals(d.type())
                        && d.evidence().summary().contains(twin));
    }

    private void usualLife(String pod, long start) throws Exception {
        List<ApiCallRecord> calls = new ArrayList<>();
        for (long at = start; at < start + 40 * MINUTE; at += MINUTE) {
            calls.add(cardCall(pod, at));
            stream.publishRaw(Topics.NETWORK_HUBBLE, pod, hubble(pod, PROCESSOR, null, at + 1_000));
            stream.publishRaw(Topics.NETWORK_HUBBLE, pod, hubble(pod, "10.0.3.5", "ledger-0", at + 2_000));
        }
        stream.publishAll(calls);
    }

    private static ApiCallRecord cardCall(String pod, long at) {
        return TestCalls.by("carol@shop.example")
                .servedBy("card-api", "payments", pod)
                .dataClasses("card-number")
                .at(at)
                .call("GET", "/cards/{id}", "cards", "c-" + at);
    }

    private static List<String> ids(List<ApiCallRecord> calls) {
        return calls.stream().map(call -> call.id().toString()).toList();
    }

    /** A Hubble line of {@code pod} (all at one address) sending to {@code destination}:443 (a pod there, or the world). */
    private static String hubble(String pod, String destination, String destinationPod, long at) {
        String target = destinationPod == null
                ? "{\"identity\":2,\"labels\":[\"reserved:world\"]}"
                : "{\"namespace\":\"ledger\",\"pod_name\":\"" + destinationPod + "\",\"labels\":[\"k8s:app=ledger\"]}";
        String time = Instant.ofEpochMilli(at).toString();
        return "{\"flow\":{\"time\":\"" + time + "\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.0.2.41\","
                + "\"destination\":\"" + destination + "\",\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":{\"source_port\":"
                + (40_000 + at / 1000 % 20_000) + ",\"destination_port\":443,\"flags\":{\"SYN\":true}}},"
                + "\"source\":{\"namespace\":\"payments\",\"pod_name\":\"" + pod
                + "\",\"labels\":[\"k8s:app=card-api\"]},"
                + "\"destination\":" + target + ",\"Type\":\"L3_L4\",\"traffic_direction\":\"EGRESS\","
                + "\"is_reply\":false},\"node_name\":\"worker-1\",\"time\":\"" + time + "\"}";
    }
}
