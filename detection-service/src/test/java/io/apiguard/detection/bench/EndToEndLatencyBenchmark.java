package io.apiguard.detection.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * End-to-end latency on the real broker: calls published on {@code apiguard.calls.normalized} at a steady 5,000 per
 * second into the running service; one call in a hundred is an injection attempt by a subject of its own, so it opens
 * a new incident at once. For each, the time from {@code send()} to the detection's record timestamp (the moment
 * detection-service published it) and to its arrival at a consumer. Runs only with {@code -Dapiguard.bench.e2e=true}
 * ({@code bench/detection.sh e2e}); prints p50/p99/max and writes them to {@code target/detection-e2e.txt}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(OidcIssuerResource.class)
@EnabledIfSystemProperty(named = "apiguard.bench.e2e", matches = "true")
class EndToEndLatencyBenchmark {

    private static final int RATE = Integer.getInteger("apiguard.bench.rate", 5_000);
    private static final int SECONDS = Integer.getInteger("apiguard.bench.seconds", 20);
    private static final int WARMUP_SECONDS = 5;
    private static final int ATTACK_EVERY = 100;

    @Test
    void latencyFromCallPublishedToDetectionPublished() throws Exception {
        ObjectMapper mapper = EventJson.mapper();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, "1"), new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "bench-" + run), new StringDeserializer(),
                        new StringDeserializer())) {
            producer.partitionsFor(Topics.DETECTIONS);
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DETECTIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            Thread reader = new Thread(() -> {
                while (reading.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                        long received = System.currentTimeMillis();
                        try {
                            Detection detection = mapper.readValue(record.value(), Detection.class);
                            if (!detection.evidence().callIds().isEmpty()) {
                                Long sent = sentAt.remove(detection.evidence().callIds().get(0));
                                if (sent != null) {
                                    samples.add(new long[] {record.timestamp() - sent, received - sent});
                                }
                            }
                        } catch (Exception e) {
                            // not ours
                        }
                    }
                }
            }, "bench-reader");
            reader.start();

            send(producer, mapper, run + "-warm", WARMUP_SECONDS, sentAt);
            awaitDetections(sentAt, Duration.ofSeconds(5));
            samples.clear();
            sentAt.clear();
            long started = System.nanoTime();
            long sent = send(producer, mapper, run, SECONDS, sentAt);
            double achieved = sent / ((System.nanoTime() - started) / 1e9);
            int missing = awaitDetections(sentAt, Duration.ofSeconds(10));
            if (missing > 0) {
                System.out.printf("%d attacks had no detection within 10 s of the last call%n", missing);
            }
            reading.set(false);
            reader.join();

            long[] toPublish = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
            long[] toReceive = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
            String report = String.format(Locale.ROOT, """
                    end-to-end latency, real broker, %d calls/s offered (%.0f achieved) for %d s, %d detections measured
                    call published -> detection published: p50 %d ms, p99 %d ms, max %d ms
                    call published -> detection received:  p50 %d ms, p99 %d ms, max %d ms
                    target: p99 < 300 ms -> %s
                    """, RATE, achieved, SECONDS, toPublish.length, pct(toPublish, 50), pct(toPublish, 99),
                    max(toPublish), pct(toReceive, 50), pct(toReceive, 99), max(toReceive),
                    toPublish.length > 0 && pct(toPublish, 99) < 300 ? "MET" : "NOT MET");
            System.out.println(report);
            Files.writeString(Path.of("target", "detection-e2e.txt"), report);
        }
    }

    /**
     * Waits until every attack sent has its detection (the reader removes it from {@code pending}), for at most
     * {@code atMost}; returns how many are still missing then.
     */
    private static int awaitDetections(Map<String, Long> pending, Duration atMost) {
        try {
            org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                    .until(pending::isEmpty);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported by the caller: a missing detection is a result, not a reason to drop the figures
        }
        return pending.size();
    }

    /** Sends at {@link #RATE} for {@code seconds}; returns how many calls were sent. */
    private static long send(KafkaProducer<String, String> producer, ObjectMapper mapper, String run, int seconds,
            Map<String, Long> sentAt) throws Exception {
        List<ApiCallRecord> mix = CallMix.generate(RATE, 2_000, System.currentTimeMillis(), 1_000_000L / RATE,
                run.hashCode());
        long start = System.nanoTime();
        long total = (long) RATE * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / RATE;
            long wait = due - System.nanoTime();
            if (wait > 200_000) {
                // pacing to a fixed send rate, not waiting for a condition; parkNanos, since Thread.sleep rounds a
                // sub-millisecond wait to a whole millisecond
                LockSupport.parkNanos(wait);
            }
            ApiCallRecord call;
            String key;
            if (i % ATTACK_EVERY == 0) {
                String subject = "e2e-" + run + "-" + i;
                call = TestCalls.by(subject).ip("10.99.0.1").at(System.currentTimeMillis())
                        .query("q=1'+OR+'1'='1").raw("GET", "/search");
                key = subject;
            } else {
                ApiCallRecord template = mix.get((int) (i % mix.size()));
                call = new ApiCallRecord(UUID.randomUUID(), Instant.now(), template.durationMicros(), template.api(),
                        template.source(), template.destination(), template.identity(), template.status(), 0,
                        template.responseBytes(), template.objects(), template.decision(), null);
                key = template.identity().subject();
            }
            String json = mapper.writeValueAsString(new NormalizedCall(call, List.of(), Instant.now()));
            if (i % ATTACK_EVERY == 0) {
                sentAt.put(call.id().toString(), System.currentTimeMillis());
            }
            producer.send(new ProducerRecord<>(Topics.CALLS_NORMALIZED, key, json));
        }
        producer.flush();
        return total;
    }

    private static long pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

}
