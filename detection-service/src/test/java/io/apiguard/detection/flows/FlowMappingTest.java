package io.apiguard.detection.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.events.NetworkFlow;

/** The mapping of both collectors' records, without broker: every field form they write, and every refusal. */
class FlowMappingTest {

    private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");

    private final FlowCollectorConsumer consumer = new FlowCollectorConsumer(null, null);

    @Test
    void everyRecordedNfacctdNetflowV9RecordMapsToAFlowWithItsBytesPacketsAndTimes() {
        // Given
        List<String> recorded = Fixtures.lines(Fixtures.NFACCTD_V9);

        // When
        List<NetworkFlow> flows = recorded.stream()
                .map(consumer::parsePmacct)
                .map(Optional::orElseThrow)
                .toList();

        // Then
        assertThat(flows).hasSize(recorded.size()).allSatisfy(flow -> {
            assertThat(flow.sourceIp()).isEqualTo("127.0.0.1");
            assertThat(flow.protocol()).isEqualTo("tcp");
            assertThat(flow.collector()).isEqualTo(NetworkFlow.PMACCT);
            assertThat(flow.bytesSent()).isPositive();
            assertThat(flow.packetsSent()).isPositive();
            assertThat(flow.bytesReceived()).isZero();
            assertThat(flow.end()).isNotNull().isAfterOrEqualTo(flow.start());
        });
        // both directions of each connection are records of their own (NetFlow is unidirectional)
        assertThat(flows).anySatisfy(flow -> assertThat(flow.destinationPort()).isEqualTo(18080));
        assertThat(flows).anySatisfy(flow -> assertThat(flow.sourcePort()).isEqualTo(18080));
    }

    @Test
    void softflowdsIpfixEndTimesThatReachNfacctdAsZerosMapToAFlowWithoutEnd() {
        // Given
        List<String> recorded = Fixtures.lines(Fixtures.NFACCTD_IPFIX);

        // When
        List<NetworkFlow> flows = recorded.stream()
                .map(consumer::parsePmacct)
                .map(Optional::orElseThrow)
                .toList();

        // Then
        assertThat(flows).hasSize(recorded.size()).allSatisfy(flow -> {
            assertThat(flow.start()).isNotNull();
            assertThat(flow.end()).isNull();
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-12-01T19:45:23.000000Z|2026-12-01T19:45:23Z",
                "2026-12-01T20:45:23.5+01:00|2026-12-01T19:45:23.500Z",
                "2026-12-01 19:45:23.000123|2026-12-01T19:45:23.000123Z",
                "2026-12-01 19:45:23|2026-12-01T19:45:23Z",
                "1796154323.250000|2026-12-01T19:45:23.250Z",
                "1796154323|2026-12-01T19:45:23Z"
            })
    void pmacctTimestampsAreReadInEachFormItWrites(String written, String expected) {
        // When
        Instant read = FlowFields.timestamp(written, "timestamp_start", NOW);

        // Then
        assertThat(read).isEqualTo(Instant.parse(expected));
    }

    @Test
    void anEpochTimestampWrittenAsAJsonNumberIsReadToo() {
        // When
        NetworkFlow flow = consumer.parsePmacct(
                        "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":1796154323.5}")
                .orElseThrow();

        // Then
        assertThat(flow.start()).isEqualTo(Instant.parse("2026-12-01T19:45:23.500Z"));
    }

    @ParameterizedTest
    @CsvSource({"6,tcp", "17,udp", "1,icmp", "58,ipv6-icmp", "TCP,tcp", "47,47"})
    void protocolsAreNamesWhetherPmacctWritesNamesOrNumbers(String written, String expected) {
        assertThat(FlowFields.protocol(written)).isEqualTo(expected);
    }

    @Test
    void anIpv6AddressIsWrittenInItsCanonicalForm() {
        assertThat(FlowFields.address("2001:0db8:0000:0000:0000:0000:0000:0001", "ip_src"))
                .isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void purgeMarkersAreNoFlowsAndNoErrors() {
        assertThat(consumer.parsePmacct("{\"event_type\":\"purge_init\",\"seq\":4,\"writer_id\":\"default_kafka/1\"}"))
                .isEmpty();
        assertThat(consumer.parsePmacct("{\"event_type\":\"purge_close\",\"seq\":4,\"purged_entries\":54}"))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"ip_src\":\"10.1.0.5\"|not valid JSON",
                "[1,2]|not a pmacct record",
                "null|not null",
                "{\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"2026-12-01T19:45:23Z\"}|ip_src is missing",
                "{\"ip_src\":\"db.example.com\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"2026-12-01T19:45:23Z\"}"
                        + "|ip_src is not an IP address",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"port_src\":70000,"
                        + "\"timestamp_start\":\"2026-12-01T19:45:23Z\"}|port_src must be a port",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"port_dst\":\"http\","
                        + "\"timestamp_start\":\"2026-12-01T19:45:23Z\"}|not a pmacct record",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"port_dst\":80.5,"
                        + "\"timestamp_start\":\"2026-12-01T19:45:23Z\"}|not a pmacct record",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"bytes\":-1,"
                        + "\"timestamp_start\":\"2026-12-01T19:45:23Z\"}|bytes must not be negative",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"2026-12-01T19:45:23Z\","
                        + "\"timestamp_end\":\"2026-12-01T19:45:22Z\"}|ends (2026-12-01T19:45:22Z) before it starts",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\"}|no start time",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"yesterday\"}"
                        + "|timestamp_start is not a timestamp",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"2027-12-01T19:45:23Z\"}"
                        + "|lies in the future",
                "{\"event_type\":\"log_init\",\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\"}|is not a flow",
                "{\"ip_src\":\"10.1.0.5\",\"ip_src\":\"10.9.9.9\",\"ip_dst\":\"10.1.0.6\"}|not valid JSON",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"timestamp_start\":\"2026-12-01T19:45:23Z\"} {}"
                        + "|not a pmacct record",
                "{\"ip_src\":\"10.1.0.5\",\"ip_dst\":\"10.1.0.6\",\"ip_proto\":\"tcp; drop\","
                        + "\"timestamp_start\":\"2026-12-01T19:45:23Z\"}|not a protocol"
            })
    void aPmacctRecordThatIsNoFlowIsRefusedWithTheReason(String record, String reason) {
        assertThatThrownBy(() -> consumer.parsePmacct(record))
                .isInstanceOf(InvalidFlowException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void hubblesRequestDirectionMapsWithBothPodsAndNoBytes() {
        // Given
        List<String> lines = Fixtures.lines(Fixtures.HUBBLE);

        // When
        List<Optional<NetworkFlow>> flows =
                lines.stream().map(consumer::parseHubble).toList();

        // Then: the SYN, the egress to the world and the DNS query map; the reply and the drop do not
        assertThat(flows.get(0)).hasValueSatisfying(flow -> {
            assertThat(flow.sourceIp()).isEqualTo("10.0.1.23");
            assertThat(flow.destinationIp()).isEqualTo("10.0.2.41");
            assertThat(flow.destinationPort()).isEqualTo(8080);
            assertThat(flow.protocol()).isEqualTo("tcp");
            assertThat(flow.sourceWorkload())
                    .isEqualTo(new NetworkFlow.Workload("payments", "checkout-6c9d7b8f5-q7w2n"));
            assertThat(flow.destinationWorkload())
                    .isEqualTo(new NetworkFlow.Workload("payments", "card-api-7d9f8b6c4-x2k5p"));
            assertThat(flow.bytesSent()).isZero();
            assertThat(flow.start()).isEqualTo(Instant.parse("2026-12-01T19:40:12.512845731Z"));
            assertThat(flow.end()).isEqualTo(flow.start());
            assertThat(flow.collector()).isEqualTo(NetworkFlow.HUBBLE);
        });
        assertThat(flows.get(1)).as("the reply").isEmpty();
        assertThat(flows.get(2)).hasValueSatisfying(flow -> {
            assertThat(flow.destinationIp()).isEqualTo("203.0.113.50");
            assertThat(flow.destinationWorkload()).as("the world is no pod").isNull();
        });
        assertThat(flows.get(3))
                .hasValueSatisfying(flow -> assertThat(flow.protocol()).isEqualTo("udp"));
        assertThat(flows.get(4)).as("dropped").isEmpty();
    }

    @Test
    void aBareHubbleFlowAndLowerCamelNamesAreReadToo() {
        // When
        Optional<NetworkFlow> flow =
                consumer.parseHubble("{\"time\":\"2026-12-01T19:40:13Z\",\"verdict\":\"FORWARDED\","
                        + "\"IP\":{\"source\":\"10.0.2.41\",\"destination\":\"203.0.113.50\"},"
                        + "\"l4\":{\"TCP\":{\"sourcePort\":51544,\"destinationPort\":443}},"
                        + "\"source\":{\"namespace\":\"payments\",\"podName\":\"card-api-0\"},\"isReply\":false}");

        // Then
        assertThat(flow).hasValueSatisfying(f -> {
            assertThat(f.destinationPort()).isEqualTo(443);
            assertThat(f.sourceWorkload()).isEqualTo(new NetworkFlow.Workload("payments", "card-api-0"));
        });
    }

    @Test
    void hubbleStatusLinesAreNoFlowsAndNoErrors() {
        assertThat(consumer.parseHubble("{\"node_status\":{\"state_change\":\"NODE_CONNECTED\"}}"))
                .isEmpty();
        assertThat(consumer.parseHubble(
                        "{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\",\"num_events_lost\":3}}"))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|not valid JSON",
                "\"a string\"|must be a JSON object",
                "{\"node_name\":\"worker-1\"}|carries no flow",
                "{\"flow\":{\"time\":\"2026-12-01T19:40:13Z\",\"l4\":{\"TCP\":{}}}}|no IP section",
                "{\"flow\":{\"time\":\"2026-12-01T19:40:13Z\",\"IP\":{\"destination\":\"10.0.0.2\"},"
                        + "\"l4\":{\"TCP\":{}}}}|IP.source is missing",
                "{\"flow\":{\"IP\":{\"source\":\"10.0.0.1\",\"destination\":\"10.0.0.2\"},\"l4\":{\"TCP\":{}}}}"
                        + "|no start time",
                "{\"flow\":{\"time\":\"2026-12-01T19:40:13Z\",\"IP\":{\"source\":\"10.0.0.1\","
                        + "\"destination\":\"10.0.0.2\"},\"l4\":{\"TCP\":{\"source_port\":-4}}}}|must be a port",
                "{\"flow\":{\"time\":\"2026-12-01T19:40:13Z\",\"IP\":{\"source\":\"10.0.0.1\","
                        + "\"destination\":\"10.0.0.2\"}}}|no l4 section",
                "{\"flow\":{\"time\":\"2026-12-01T19:40:13Z\",\"IP\":{\"source\":\"10.0.0.1\","
                        + "\"destination\":\"10.0.0.2\"},\"l4\":{}}}|names no TCP",
                "{\"flow\":{\"time\":\"2026-12-01T19:40:13Z\",\"IP\":{\"source\":\"10.0.0.1\","
                        + "\"destination\":\"10.0.0.2\"},\"l4\":{\"UDP\":{\"source_port\":\"x\"}}}}|not a Hubble flow"
            })
    void aHubbleLineThatIsNoFlowIsRefusedWithTheReason(String line, String reason) {
        assertThatThrownBy(() -> consumer.parseHubble(line))
                .isInstanceOf(InvalidFlowException.class)
                .hasMessageContaining(reason);
    }
}
