package io.apiguard.bench.enforcement;

import static io.apiguard.bench.BenchSupport.intOption;
import static io.apiguard.bench.BenchSupport.option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.apiguard.testing.http.ResponseStatus;

/**
 * Level 5's time to block on a running local stack ({@code ./run-local.sh --stay}): a new attacker walks account ids
 * through the sidecar, one call every {@code --pace-ms}; detection decides on the 20th sequential id (its
 * {@code sequential-run}); the time to block is from sending that deciding call to the first call the sidecar answers
 * 403, so it spans capture, logging, detection, the enforcement policy, the push and the swap at the sidecar.
 * Repeated {@code --trials} times, each with a new subject and client address. Background load, if any, is the
 * caller's (bench/time-to-block.sh runs wrk beside it). Target: p99 under 1 s.
 */
public final class TimeToBlockBenchmark {

    /** The 20th sequential id is the one detection decides on ({@code object-enumeration.sequential-run}). */
    static final int DECIDING_CALL = 20;

    private TimeToBlockBenchmark() {}

    public static void main(String[] args) throws Exception {
        int trials = intOption(args, "--trials", 10);
        int paceMillis = intOption(args, "--pace-ms", 20);
        int maxCalls = intOption(args, "--max-calls", 400);
        String proxy = option(args, "--proxy", "http://127.0.0.1:8090");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // the shared account's verified credential, which the local run writes: only it may name its end users
        String apiKey = Files.readString(Path.of(option(args, "--api-key-file", ".local/tokens/fintech-api-key")))
                .strip();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Long> times = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            String attacker = "ttb-" + run + "-" + trial + "@bench.example";
            String address = "198.51.100." + (10 + trial % 200);
            long decidingSentAt = 0;
            long blockedAfter = -1;
            int blockedAtCall = -1;
            long next = System.nanoTime();
            for (int call = 1; call <= maxCalls; call++) {
                long sent = System.nanoTime();
                if (call == DECIDING_CALL) {
                    decidingSentAt = sent;
                }
                int status = status(http, URI.create(proxy + "/accounts/" + (1000 + call)), apiKey, attacker, address);
                if (status == 403 || status == 429) {
                    blockedAtCall = call;
                    blockedAfter = call >= DECIDING_CALL ? (sent - decidingSentAt) / 1_000_000 : 0;
                    break;
                }
                next += paceMillis * 1_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            if (blockedAtCall < 0) {
                System.out.printf("trial %2d: not blocked within %d calls%n", trial, maxCalls);
            } else {
                times.add(blockedAfter);
                System.out.printf(
                        "trial %2d: blocked at call %d, %d ms after the deciding call%n",
                        trial, blockedAtCall, blockedAfter);
            }
        }
        Collections.sort(times);
        if (!times.isEmpty()) {
            System.out.printf(
                    "time to block over %d of %d trials (pace %d ms): p50 %d ms, p99 %d ms, max %d ms%n",
                    times.size(),
                    trials,
                    paceMillis,
                    percentile(times, 0.50),
                    percentile(times, 0.99),
                    times.get(times.size() - 1));
        }
    }

    private static int status(HttpClient http, URI uri, String apiKey, String subject, String address) {
        return ResponseStatus.of(
                http,
                HttpRequest.newBuilder(uri)
                        .header("X-API-Key", apiKey)
                        .header("X-End-User", subject)
                        .header("X-Forwarded-For", address)
                        .timeout(Duration.ofSeconds(5))
                        .build());
    }

    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
