package io.apiguard.bench.detection;

import static io.apiguard.bench.BenchSupport.intOption;
import static io.apiguard.bench.BenchSupport.option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.bench.BenchApp;
import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.oidc.LocalIssuer;

/**
 * End-to-end latency on the real broker: calls published on {@code apiguard.calls.normalized} at a steady rate (5,000
 * a second unless told) into a real detection-service process (its jar, full JIT, on the real Kafka broker and
 * PostgreSQL); one call in a hundred is an injection attempt by a subject of its own, so it opens a new incident at
 * once. For each, the time from {@code send()} to the detection's record timestamp (the moment detection-service
 * published it) and to its arrival at a consumer; prints p50/p99/max (target p99 < 300 ms). Usage:
 * {@code bench/detection.sh e2e [--rate 5000] [--seconds 20]}.
 */
public final class EndToEndLatencyBenchmark {

    private static final int WARMUP_SECONDS = 5;
    private static final int ATTACK_EVERY = 100;

    private EndToEndLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = intOption(args, "--rate", 5_000);
        int seconds = intOption(args, "--seconds", 20);
        try (BenchApp detection = BenchApp.start(
                Path.of(option(args, "--root", ".")),
                "detection-service",
                LocalIssuer.Workload.pod("apiguard", "apiguard-detection", "detection-0"),
                List.of())) {
            ObjectMapper mapper = EventJson.mapper();
            String run = UUID.randomUUID().toString().substring(0, 8);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean reading = new AtomicBoolean(true);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                            Map.of(
                                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    detection.bootstrapServers(),
                                    ProducerConfig.LINGER_MS_CONFIG,
                                    "1"),
                            new StringSerializer(),
                            new StringSerializer());
                    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                            Map.of(
                                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    detection.bootstrapServers(),
                                    ConsumerConfig.GROUP_ID_CONFIG,
                                    "bench-" + run),
                            new StringDeserializer(),
                            new StringDeserializer())) {
                producer.partitionsFor(Topics.DETECTIONS);
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.DETECTIONS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);

                Thread reader = new Thread(
                        () -> {
                            while (reading.get()) {
                                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                                    long received = System.currentTimeMillis();
                                    try {
                                        Detection found = mapper.readValue(record.value(), Detection.class);
                                        if (!found.evidence().callIds().isEmpty()) {
                                            Long sent = sentAt.remove(
                                                    found.evidence().callIds().get(0));
                                            if (sent != null) {
                                                samples.add(new long[] {record.timestamp() - sent, received - sent});
                                            }
                                        }
                                    } catch (Exception e) {
                                        // not ours
                                    }
                                }
                            }
                        },
                        "bench-reader");
                reader.start();

                send(producer, mapper, run + "-warm", rate, WARMUP_SECONDS, sentAt);
                awaitDetections(sentAt, Duration.ofSeconds(5));
                samples.clear();
                sentAt.clear();
                long started = System.nanoTime();
                long sent = send(producer, mapper, run, rate, seconds, sentAt);
                double achieved = sent / ((System.nanoTime() - started) / 1e9);
                int missing = awaitDetections(sentAt, Duration.ofSeconds(10));
                if (missing > 0) {
                    System.out.printf("%d attacks had no detection within 10 s of the last call%n", missing);
                }
                reading.set(false);
                reader.join();

                long[] toPublish =
                        samples.stream().mapToLong(s -> s[0]).sorted().toArray();
                long[] toReceive =
                        samples.stream().mapToLong(s -> s[1]).sorted().toArray();
                String report = String.format(
                        Locale.ROOT,
                        """
                        end-to-end latency, real broker, %d calls/s offered (%.0f achieved) for %d s, %d detections measured
                        call published -> detection published: p50 %d ms, p99 %d ms, max %d ms
                        call published -> detection received:  p50 %d ms, p99 %d ms, max %d ms
                        target: p99 < 300 ms -> %s
                        """,
                        rate,
                        achieved,
                        seconds,
                        toPublish.length,
                        pct(toPublish, 50),
                        pct(toPublish, 99),
                        max(toPublish),
                        pct(toReceive, 50),
                        pct(toReceive, 99),
                        max(toReceive),
                        toPublish.length > 0 && pct(toPublish, 99) < 300 ? "MET" : "NOT MET");
                System.out.println(report);
            }
        }
    }

    /**
     * Waits until every attack sent has its detection (the reader removes it from {@code pending}), for at most
     * {@code atMost}; returns how many are still missing then.
     */
    private static int awaitDetections(Map<String, Long> pending, Duration atMost) {
        try {
            Awaitility.await()
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(50))
                    .until(pending::isEmpty);
        } catch (ConditionTimeoutException e) {
            // reported by the caller: a missing detection is a result, not a reason to drop the figures
        }
        return pending.size();
    }

    /** Sends {@code rate} calls a second for {@code seconds}; returns how many calls were sent. */
    private static long send(
            KafkaProducer<String, String> producer,
            ObjectMapper mapper,
            String run,
            int rate,
            int seconds,
            Map<String, Long> sentAt)
            throws Exception {
        List<ApiCallRecord> mix =
                CallMix.generate(rate, 2_000, System.currentTimeMillis(), 1_000_000L / rate, run.hashCode());
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / rate;
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
                call = CallMix.injection(subject);
                key = subject;
            } else {
                ApiCallRecord template = mix.get((int) (i % mix.size()));
                call = new ApiCallRecord(
                        UUID.randomUUID(),
                        Instant.now(),
                        template.durationMicros(),
                        template.api(),
                        template.source(),
                        template.destination(),
                        template.identity(),
                        template.status(),
                        0,
                        template.responseBytes(),
                        template.objects(),
                        template.decision(),
                        null);
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
