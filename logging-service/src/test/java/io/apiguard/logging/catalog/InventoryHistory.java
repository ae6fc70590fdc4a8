package io.apiguard.logging.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.json.EventJson;

/**
 * An inventory's history as discovery writes it, keyed by API id, in three rounds a segment's age apart: the APIs
 * {@code /accounts}, {@code /orders} (changed in round two), {@code /payments}, {@code /legacy} (removed in round two)
 * and {@code /refunds} (round three, which rolls round two out of the active segment, so the log cleaner may compact
 * both earlier rounds). Everything goes to partition 0: one partition, one active segment to roll.
 */
final class InventoryHistory {

    static final String HOST = "shop.example";
    /** Records written per topic. */
    static final int WRITTEN = 7;
    /** What compaction leaves: each API's last record, the removal included. */
    static final List<String> LAST_RECORD_KEYS =
            List.of(id("/accounts"), id("/payments"), id("/orders"), id("/legacy"), id("/refunds"));
    /** The APIs the inventory holds at the end. */
    static final List<String> KNOWN = List.of("/accounts", "/orders", "/payments", "/refunds");

    private InventoryHistory() {}

    static String id(String path) {
        return "api-" + HOST + path.replace('/', '-');
    }

    static ApiEndpoint api(String path, String operationTemplate) {
        Instant now = Instant.now();
        return new ApiEndpoint(
                id(path),
                HOST,
                path,
                path,
                MatchType.PREFIX,
                List.of("GET"),
                new Backend(path.substring(1), "8080"),
                "shop",
                List.of("shop" + path),
                Exposure.EXTERNAL,
                true,
                Map.of(),
                ApiSource.INGRESS,
                ApiState.ACTIVE,
                now,
                now,
                0,
                List.of(new ApiEndpoint.Operation("GET", operationTemplate, 1, now)));
    }

    /** Writes the history to each of {@code topics}, round by round, each round once the last is a segment old. */
    static void write(String bootstrapServers, Duration segmentAge, List<String> topics) {
        List<List<InventoryChange>> rounds = List.of(
                List.of(
                        upsert(api("/accounts", "/accounts/{accountId}")), upsert(api("/orders", "/orders/{orderId}")),
                        upsert(api("/payments", "/payments/{paymentId}")), upsert(api("/legacy", "/legacy/{id}"))),
                List.of(
                        upsert(api("/orders", "/orders/{orderNumber}")),
                        new InventoryChange(ChangeKind.REMOVED, api("/legacy", "/legacy/{id}"), Instant.now())),
                List.of(upsert(api("/refunds", "/refunds/{refundId}"))));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new StringSerializer())) {
            for (List<InventoryChange> round : rounds) {
                long roundStarted = System.currentTimeMillis();
                for (InventoryChange change : round) {
                    for (String topic : topics) {
                        producer.send(new ProducerRecord<>(
                                        topic,
                                        0,
                                        change.endpoint().id(),
                                        EventJson.mapper().writeValueAsString(change)))
                                .get(30, TimeUnit.SECONDS);
                    }
                }
                // The next append rolls the segment only once it is older than segment.ms.
                Awaitility.await()
                        .atMost(segmentAge.multipliedBy(20))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> System.currentTimeMillis() > roundStarted + 2 * segmentAge.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not write the inventory history", e);
        }
    }

    /** Every record {@code topic} still holds, read from its start. */
    static List<ConsumerRecord<String, String>> retained(String bootstrapServers, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static InventoryChange upsert(ApiEndpoint endpoint) {
        return new InventoryChange(ChangeKind.UPSERTED, endpoint, Instant.now());
    }
}
