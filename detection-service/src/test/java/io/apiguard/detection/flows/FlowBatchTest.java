package io.apiguard.detection.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.support.messaging.Consumers.DeadLetterHeaders;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The flow adapters' batches on the real broker: a poll's records mixed good and poison land each where it belongs,
 * exactly once, in order per key; and while the broker refuses flows nothing of the batch is acked, and it goes
 * through once the broker takes flows again.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class FlowBatchTest {

    /** The adapters' consumer group ({@code application.properties}). */
    private static final String GROUP = "detection-service-flows";

    @Inject
    MeterRegistry registry;

    private final KafkaProducer<String, String> raw = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
    private final Admin admin =
            Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()));
    private final TopicReader network = new TopicReader(Topics.NETWORK);

    @AfterEach
    void close() {
        raw.close();
        admin.close();
        network.close();
    }

    @Test
    void aBatchOfGoodAndPoisonRecordsLandsTheGoodOnesInOrderAndThePoisonOnesWithTheirReasonsAndNothingIsLost()
            throws Exception {
        // Given: 400 records on one key (one raw partition, so a few polls' batches), every fifth one poison of a
        // kind of its own, the good ones numbered by source port
        String run = UUID.randomUUID().toString();
        String source = "10.79." + (run.hashCode() & 0xff) + "." + ((run.hashCode() >> 8) & 0xff);
        List<Integer> goodPorts = new ArrayList<>();
        List<String> poisonReasons = new ArrayList<>();
        List<String> poisonValues = new ArrayList<>();
        List<RecordMetadata> sent = new ArrayList<>();
        try (TopicReader dlq = new TopicReader(Topics.NETWORK_PMACCT_DLQ)) {

            // When
            for (int i = 0; i < 400; i++) {
                int port = 10_000 + i;
                String value;
                if (i % 5 == 4) {
                    value = switch (i % 3) {
                        case 0 -> "{\"ip_src\":\"" + source + "\",\"port_src\":" + port + ",";
                        case 1 -> good(source, port).replace("\"port_dst\":443", "\"port_dst\":70000");
                        default -> good(source, port).replace("\"ip_dst\":\"203.0.113.50\",", "");
                    };
                    poisonValues.add(value);
                    poisonReasons.add(
                            switch (i % 3) {
                                case 0 -> "not valid JSON";
                                case 1 -> "port_dst must be a port (0-65535): 70000";
                                default -> "ip_dst is missing";
                            });
                } else {
                    value = good(source, port);
                    goodPorts.add(port);
                }
                sent.add(raw.send(new ProducerRecord<>(Topics.NETWORK_PMACCT, run, value))
                        .get(10, TimeUnit.SECONDS));
            }

            // Then: every good record's flow once, in the order of its records (one key, one partition)
            List<TopicReader.Received> flows = network.await(
                    received -> source.equals(parse(received).sourceIp()), goodPorts.size(), Duration.ofSeconds(60));
            assertThat(flows)
                    .extracting(received -> parse(received).sourcePort())
                    .containsExactlyElementsOf(goodPorts);
            // and every poison record on the dead-letter topic, once, as it came, with its reason and whence
            List<TopicReader.Received> dead = dlq.await(received -> run.equals(received.key()), poisonReasons.size());
            assertThat(dead)
                    .extracting(received -> received.header(DeadLetterHeaders.REASON))
                    .zipSatisfy(
                            poisonReasons,
                            (reason, expected) -> assertThat(reason).contains(expected));
            assertThat(dead).allSatisfy(received -> {
                assertThat(received.header(DeadLetterHeaders.EXCEPTION_CLASS_NAME))
                        .isEqualTo(InvalidFlowException.class.getName());
                assertThat(received.header(DeadLetterHeaders.TOPIC)).isEqualTo(Topics.NETWORK_PMACCT);
                assertThat(received.header(DeadLetterHeaders.PARTITION))
                        .isEqualTo(String.valueOf(sent.get(0).partition()));
            });
            assertThat(dead)
                    .extracting(received -> Long.parseLong(received.header(DeadLetterHeaders.OFFSET)))
                    .containsExactlyElementsOf(sent.stream()
                            .filter(metadata -> sent.indexOf(metadata) % 5 == 4)
                            .map(RecordMetadata::offset)
                            .toList());
            assertThat(dead)
                    .extracting(TopicReader.Received::value)
                    .as("as they came")
                    .isEqualTo(poisonValues);
            // and the batches are acked: the group's committed offset passes the last record
            TopicPartition partition =
                    new TopicPartition(Topics.NETWORK_PMACCT, sent.get(0).partition());
            long last = sent.get(sent.size() - 1).offset();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committed(partition) > last);
            assertThat(network.all(Duration.ofSeconds(1)))
                    .as("no flow twice")
                    .filteredOn(received -> source.equals(parse(received).sourceIp()))
                    .hasSize(goodPorts.size());
        }
    }

    @Test
    void whileTheBrokerRefusesFlowsTheBatchIsNotAckedAndIsSentAgainUntilTheBrokerTakesThem() throws Exception {
        // Given: the network topic refuses every record stamped before the broker's clock (a timestamp check the
        // broker applies to the topic, answered at once with INVALID_TIMESTAMP, which no retry of the producer cures)
        String run = UUID.randomUUID().toString();
        String source = "10.80." + (run.hashCode() & 0xff) + "." + ((run.hashCode() >> 8) & 0xff);
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.NETWORK);
        ConfigEntry refuseEverything = new ConfigEntry("message.timestamp.before.max.ms", "0");
        double failuresBefore = sendFailures();
        admin.incrementalAlterConfigs(
                        Map.of(topic, List.of(new AlterConfigOp(refuseEverything, AlterConfigOp.OpType.SET))))
                .all()
                .get(10, TimeUnit.SECONDS);
        List<Future<RecordMetadata>> sending = new ArrayList<>();
        try (TopicReader dlq = new TopicReader(Topics.NETWORK_PMACCT_DLQ)) {
            try {
                // When: good records arrive, in one go (one poll)
                for (int i = 0; i < 20; i++) {
                    sending.add(raw.send(new ProducerRecord<>(Topics.NETWORK_PMACCT, run, good(source, 20_000 + i))));
                }
                raw.flush();

                // Then: attempts fail and the adapter sends the batch again, and meanwhile its records are not acked
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sendFailures() >= failuresBefore + 2);
                RecordMetadata first = sending.get(0).get(10, TimeUnit.SECONDS);
                TopicPartition partition = new TopicPartition(Topics.NETWORK_PMACCT, first.partition());
                assertThat(committed(partition))
                        .as("no record acked before its flow is stored")
                        .isLessThanOrEqualTo(first.offset());
            } finally {
                // When: the broker takes flows again
                admin.incrementalAlterConfigs(Map.of(
                                topic, List.of(new AlterConfigOp(refuseEverything, AlterConfigOp.OpType.DELETE))))
                        .all()
                        .get(10, TimeUnit.SECONDS);
            }

            // Then: every flow arrives, in order, the batch is acked, and no good record was dead-lettered
            List<TopicReader.Received> flows =
                    network.await(received -> source.equals(parse(received).sourceIp()), 20, Duration.ofSeconds(90));
            assertThat(flows)
                    .extracting(received -> parse(received).sourcePort())
                    .containsAll(IntStream.range(20_000, 20_020).boxed().toList())
                    .isSorted();
            RecordMetadata last = sending.get(sending.size() - 1).get(10, TimeUnit.SECONDS);
            TopicPartition partition = new TopicPartition(Topics.NETWORK_PMACCT, last.partition());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committed(partition) > last.offset());
            assertThat(dlq.all(Duration.ofSeconds(1))).noneMatch(received -> run.equals(received.key()));
        }
    }

    private static String good(String source, int port) {
        return "{\"event_type\":\"purge\",\"ip_src\":\"" + source + "\",\"ip_dst\":\"203.0.113.50\","
                + "\"port_src\":" + port + ",\"port_dst\":443,\"ip_proto\":\"tcp\",\"bytes\":4096,\"packets\":4,"
                + "\"timestamp_start\":\"2026-12-01T19:45:23.000000Z\","
                + "\"timestamp_end\":\"2026-12-01T19:45:24.000000Z\"}";
    }

    private double sendFailures() {
        return registry.counter("apiguard.detection.flows.send-failures", "collector", NetworkFlow.PMACCT)
                .count();
    }

    /** The adapters' committed offset on {@code partition}: the next record they will read after a restart. */
    private long committed(TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS)
                .get(partition);
        return offset == null ? 0 : offset.offset();
    }

    private static NetworkFlow parse(TopicReader.Received received) {
        try {
            return EventJson.mapper().readValue(received.value(), NetworkFlow.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
