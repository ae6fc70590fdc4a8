package io.apiguard.bench.detection;

import static io.apiguard.bench.BenchSupport.intOption;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.detectors.Detectors;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.PartitionPipeline;

/**
 * Calls per second through every detector on one thread (one core), without Kafka: one partition pipeline with all
 * seven call detectors and the incident tracker, fed a realistic mix of 500,000 calls from 20,000 subjects. Also
 * reports the rate with JSON deserialization of each {@link NormalizedCall} included, which is the consumer's other
 * per-call cost. Usage: {@code bench/detection.sh throughput [--seconds 10] [--subjects 20000]}.
 */
public final class DetectorThroughputBenchmark {

    private DetectorThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = intOption(args, "--seconds", 10);
        int subjects = intOption(args, "--subjects", 20_000);
        List<ApiCallRecord> calls = CallMix.generate(500_000, subjects, 1_790_000_000_000L, 200, 42);
        ObjectMapper mapper = EventJson.mapper();
        byte[][] json = new byte[50_000][];
        for (int i = 0; i < json.length; i++) {
            json[i] = mapper.writeValueAsBytes(
                    new NormalizedCall(calls.get(i), List.of(), calls.get(i).timestamp()));
        }
        IncidentTracker.Settings incidents =
                new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 10_000);

        PartitionPipeline pipeline = new PartitionPipeline(0, Detectors.defaults(), incidents, new Allowlist());
        run(pipeline, calls, 3);
        long detections = 0;
        long processed = 0;
        long startNanos = System.nanoTime();
        long deadline = startNanos + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (ApiCallRecord call : calls) {
                detections += pipeline.process(call).size();
            }
            processed += calls.size();
        }
        double detectorsOnly = processed / ((System.nanoTime() - startNanos) / 1e9);

        PartitionPipeline withJson = new PartitionPipeline(1, Detectors.defaults(), incidents, new Allowlist());
        long jsonProcessed = 0;
        long jsonStart = System.nanoTime();
        long jsonDeadline = jsonStart + Math.max(3, seconds / 2) * 1_000_000_000L;
        while (System.nanoTime() < jsonDeadline) {
            for (byte[] bytes : json) {
                withJson.process(mapper.readValue(bytes, NormalizedCall.class).call());
            }
            jsonProcessed += json.length;
        }
        double withDeserialization = jsonProcessed / ((System.nanoTime() - jsonStart) / 1e9);

        System.out.printf(
                Locale.ROOT, "detectors: 7 call detectors + incident tracker, %d subjects, 1 thread%n", subjects);
        System.out.printf(
                Locale.ROOT,
                "throughput (detectors only):          %,12.0f calls/s  (%,d calls, %,d detections published)%n",
                detectorsOnly,
                processed,
                detections);
        System.out.printf(Locale.ROOT, "throughput (JSON decode + detectors): %,12.0f calls/s%n", withDeserialization);
        System.out.printf(
                Locale.ROOT, "target: 50,000 calls/s per core -> %s%n", detectorsOnly >= 50_000 ? "MET" : "NOT MET");
    }

    private static void run(PartitionPipeline pipeline, List<ApiCallRecord> calls, int passes) {
        for (int pass = 0; pass < passes; pass++) {
            for (ApiCallRecord call : calls) {
                pipeline.process(call);
            }
        }
    }
}
