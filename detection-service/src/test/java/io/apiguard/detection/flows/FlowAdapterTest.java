package io.apiguard.detection.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.EventTypes;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.stream.StreamSupport;
import io.apiguard.support.messaging.Consumers.DeadLetterHeaders;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The flow adapters on the real broker: records as pmacct's nfacctd wrote them here and as Hubble documents them go
 * in on their raw topics and come out on {@code apiguard.network} normalized; poison goes to the raw topic's
 * dead-letter topic with the reason, and the next good record still goes through.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class FlowAdapterTest {

    private final StreamSupport stream = new StreamSupport();
    private final TopicReader network = new TopicReader(Topics.NETWORK);

    @AfterEach
    void close() {
        stream.close();
        network.close();
    }

    @Test
    void theFlowsNfacctdRecordedFromSoftflowdLandOnTheNetworkTopicNormalized() throws Exception {
        // Given: what nfacctd wrote from softflowd's NetFlow v9 export of loopback HTTP calls
        List<String> recorded = Fixtures.lines(Fixtures.NFACCTD_V9);

        // When
        for (String record : recorded) {
            stream.publishRaw(Topics.NETWORK_PMACCT, null, record);
        }

        // Then: one flow per record, keyed by source address, as the network topic's CloudEvent
        List<TopicReader.Received> flows = network.await(
                received -> NetworkFlow.PMACCT.equals(parse(received).collector())
                        && parse(received).end() != null
                        && (parse(received).sourcePort() == 18080
                                || parse(received).destinationPort() == 18080),
                recorded.size(),
                Duration.ofSeconds(30));
        assertThat(flows).allSatisfy(received -> {
            assertThat(received.key()).isEqualTo("127.0.0.1");
            assertThat(received.header("ce_type")).isEqualTo(EventTypes.NETWORK_FLOW);
        });
        NetworkFlow first = parse(flows.get(0));
        assertThat(first.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(first.destinationIp()).isEqualTo("127.0.0.1");
        assertThat(first.protocol()).isEqualTo("tcp");
        assertThat(first.bytesSent()).isPositive();
        assertThat(first.packetsSent()).isPositive();
    }

    @Test
    void aHubbleFlowLandsOnTheNetworkTopicWithItsPodsAndItsReplyDoesNot() throws Exception {
        // Given: Hubble lines in its documented form, with unique addresses for this run
        String client = "10.77." + (UUID.randomUUID().hashCode() & 0xff) + ".9";
        List<String> lines = Fixtures.lines(Fixtures.HUBBLE).subList(0, 2).stream()
                .map(line -> line.replace("10.0.1.23", client))
                .toList();

        // When
        for (String line : lines) {
            stream.publishRaw(Topics.NETWORK_HUBBLE, "worker-1", line);
        }

        // Then
        NetworkFlow flow =
                parse(network.await(received -> client.equals(parse(received).sourceIp()), 1)
                        .get(0));
        assertThat(flow.collector()).isEqualTo(NetworkFlow.HUBBLE);
        assertThat(flow.destinationWorkload())
                .isEqualTo(new NetworkFlow.Workload("payments", "card-api-7d9f8b6c4-x2k5p"));
        assertThat(flow.destinationPort()).isEqualTo(8080);
        assertThat(network.all(Duration.ofSeconds(2)))
                .as("the reply (source card-api, destination the client) maps to nothing")
                .noneMatch(received -> client.equals(parse(received).destinationIp()));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicsWithTheReasonAndTheNextGoodRecordStillGoesThrough() throws Exception {
        // Given
        String run = UUID.randomUUID().toString();
        String good = "10.78." + (run.hashCode() & 0xff) + ".1";
        try (TopicReader pmacctDlq = new TopicReader(Topics.NETWORK_PMACCT_DLQ);
                TopicReader hubbleDlq = new TopicReader(Topics.NETWORK_HUBBLE_DLQ)) {

            // When: poison of every kind, then a good record of each collector
            stream.publishRaw(Topics.NETWORK_PMACCT, run + "-json", "{\"ip_src\": \"10.1.0.5\", ");
            stream.publishRaw(
                    Topics.NETWORK_PMACCT,
                    run + "-address",
                    "{\"event_type\":\"purge\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"2026-12-01T19:45:23Z\"}");
            stream.publishRaw(
                    Topics.NETWORK_PMACCT,
                    run + "-port",
                    "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"port_dst\":65536,"
                            + "\"timestamp_start\":\"2026-12-01T19:45:23Z\"}");
            stream.publishRaw(
                    Topics.NETWORK_PMACCT,
                    run + "-order",
                    "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"2026-12-01T19:45:23Z\","
                            + "\"timestamp_end\":\"2026-12-01T19:40:00Z\"}");
            stream.publishRaw(Topics.NETWORK_HUBBLE, run + "-hubble", "{\"flow\":{\"IP\":{\"source\":\"10.0.0.1\"}}}");
            stream.publishRaw(
                    Topics.NETWORK_PMACCT,
                    run + "-good",
                    "{\"event_type\":\"purge\",\"ip_src\":\"" + good + "\",\"ip_dst\":\"203.0.113.50\","
                            + "\"port_src\":51544,\"port_dst\":443,\"ip_proto\":\"tcp\",\"bytes\":4096,\"packets\":4,"
                            + "\"timestamp_start\":\"2026-12-01T19:45:23.000000Z\","
                            + "\"timestamp_end\":\"2026-12-01T19:45:24.000000Z\"}");
            stream.publishRaw(
                    Topics.NETWORK_HUBBLE,
                    run + "-good",
                    Fixtures.lines(Fixtures.HUBBLE).get(2).replace("10.0.2.41", good));

            // Then
            List<TopicReader.Received> dead = pmacctDlq.await(
                    received -> received.key() != null && received.key().startsWith(run), 4);
            // (the raw topic's partitions interleave; the dead-letter topic's one partition keeps each one's order)
            Map<String, TopicReader.Received> byKind = dead.stream()
                    .collect(Collectors.toMap(received -> received.key().substring(run.length()), r -> r));
            assertThat(byKind).containsOnlyKeys("-json", "-address", "-port", "-order");
            assertThat(byKind.get("-json").header(DeadLetterHeaders.REASON)).contains("not valid JSON");
            assertThat(byKind.get("-address").header(DeadLetterHeaders.REASON)).contains("ip_src is missing");
            assertThat(byKind.get("-port").header(DeadLetterHeaders.REASON))
                    .contains("port_dst must be a port (0-65535): 65536");
            assertThat(byKind.get("-order").header(DeadLetterHeaders.REASON))
                    .contains("ends (2026-12-01T19:40:00Z) before it starts");
            assertThat(byKind.get("-json").value())
                    .as("the record as it came")
                    .isEqualTo("{\"ip_src\": \"10.1.0.5\", ");
            assertThat(byKind.get("-json").header(DeadLetterHeaders.TOPIC)).isEqualTo(Topics.NETWORK_PMACCT);
            TopicReader.Received deadHubble = hubbleDlq
                    .await(received -> (run + "-hubble").equals(received.key()), 1)
                    .get(0);
            assertThat(deadHubble.header(DeadLetterHeaders.REASON)).contains("IP.destination is missing");

            List<TopicReader.Received> through =
                    network.await(received -> good.equals(parse(received).sourceIp()), 2);
            assertThat(through)
                    .extracting(received -> parse(received).collector())
                    .containsExactlyInAnyOrder(NetworkFlow.PMACCT, NetworkFlow.HUBBLE);
        }
    }

    private static NetworkFlow parse(TopicReader.Received received) {
        try {
            return EventJson.mapper().readValue(received.value(), NetworkFlow.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
