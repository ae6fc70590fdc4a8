package io.apiguard.bench.sidecar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.sidecar.rules.CallFacts;
import io.apiguard.sidecar.rules.EnforcementDecision;
import io.apiguard.sidecar.rules.RuleEvaluator;

/**
 * Rule evaluation cost with 10,000 active rules: a hand-rolled harness (warm-up, then timed iterations, results
 * consumed so the JIT cannot drop the work), which beside the mean also times single calls for their percentiles. The
 * rules mix every kind a sidecar sees: subjects, fingerprints, single addresses, CIDR blocks, APIs, method + template,
 * rate limits, and payload signatures that run on every call. Calls are 90 % innocent, 10 % matching.
 *
 * <p>Run: {@code bench/enforcement.sh [--no-signatures]}.
 */
public final class RuleEvaluationBench {

    private static final int RULES = 10_000;
    private static final int CALLS = 4_096;

    private RuleEvaluationBench() {}

    public static void main(String[] args) {
        Instant now = Instant.now();
        List<EnforcementRule> rules = new ArrayList<>(RULES);
        for (int i = 0; rules.size() < RULES - 3; i++) {
            EnforcementRule.Match match;
            RuleAction action = RuleAction.BLOCK;
            switch (i % 10) {
                case 0, 1, 2 -> match = new EnforcementRule.Match("user-" + i, null, null, null, null, null, null);
                case 3 ->
                    match = new EnforcementRule.Match(
                            null, "sha256:" + String.format("%016x", i), null, null, null, null, null);
                case 4, 5 -> match = new EnforcementRule.Match(null, null, ip(i), null, null, null, null);
                case 6 ->
                    match = new EnforcementRule.Match(
                            null, null, "10." + (i % 250) + "." + (i / 250 % 250) + ".0/24", null, null, null, null);
                case 7 -> match = new EnforcementRule.Match(null, null, null, "api-" + i, null, null, null);
                case 8 -> match = new EnforcementRule.Match(null, null, null, null, "DELETE", "/t" + i + "/{id}", null);
                default -> {
                    match = new EnforcementRule.Match("user-" + i, null, null, null, null, null, null);
                    action = RuleAction.RATE_LIMIT;
                }
            }
            rules.add(new EnforcementRule(
                    "r" + i,
                    match,
                    action,
                    action == RuleAction.RATE_LIMIT ? 100 : null,
                    null,
                    null,
                    "bench",
                    now,
                    now.plusSeconds(3600),
                    RuleMode.ENFORCE));
        }
        // signature rules have no anchor: they run on every call, the worst case
        boolean signatures = args.length == 0 || !"--no-signatures".equals(args[0]);
        for (String signature : signatures ? List.of("sql-injection", "path-traversal", "xss") : List.<String>of()) {
            rules.add(new EnforcementRule(
                    "sig-" + signature,
                    new EnforcementRule.Match(null, null, null, null, null, null, signature),
                    RuleAction.BLOCK,
                    null,
                    null,
                    null,
                    "bench",
                    now,
                    null,
                    RuleMode.ENFORCE));
        }
        RuleEvaluator evaluator = RuleEvaluator.compile(
                RuleSet.of(1, now, rules, new RuleSet.Allowlist(List.of(), List.of(), List.of("/healthz")), null, null),
                "bench",
                false,
                null,
                100_000);

        Random random = new Random(42);
        CallFacts[] calls = new CallFacts[CALLS];
        for (int i = 0; i < CALLS; i++) {
            boolean attacker = random.nextInt(10) == 0;
            int n = random.nextInt(RULES);
            String subject = attacker ? "user-" + (n - n % 10) : "person-" + n;
            String query = random.nextInt(4) == 0 ? "page=" + n + "&sort=name&filter=active" : null;
            calls[i] = new CallFacts(
                    subject,
                    random.nextBoolean() ? "sha256:abcdef" + String.format("%010x", n) : null,
                    attacker ? ip(n - n % 10 + 4) : "172.16." + (n % 250) + "." + (n % 200),
                    "api-x" + n,
                    random.nextBoolean() ? "GET" : "POST",
                    "/accounts/{id}",
                    "/accounts/" + n,
                    query);
        }

        System.out.printf(
                "Rule evaluation: %,d rules (%s), %,d distinct calls%n",
                evaluator.ruleCount(),
                signatures ? "incl. 3 payload signatures run on every call" : "no payload signatures",
                CALLS);
        long sink = 0;
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (System.nanoTime() < warmupEnd) {
            sink += run(evaluator, calls, 100_000);
        }
        double best = Double.MAX_VALUE;
        List<Double> iterations = new ArrayList<>();
        for (int iteration = 0; iteration < 5; iteration++) {
            int operations = 1_000_000;
            long start = System.nanoTime();
            sink += run(evaluator, calls, operations);
            double nanosPerCall = (double) (System.nanoTime() - start) / operations;
            iterations.add(nanosPerCall);
            best = Math.min(best, nanosPerCall);
            System.out.printf("  iteration %d: %.0f ns/call%n", iteration + 1, nanosPerCall);
        }
        double mean =
                iterations.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        // per-call latency distribution, timing calls one by one (includes ~20-30 ns of System.nanoTime)
        long[] samples = new long[200_000];
        for (int i = 0; i < samples.length; i++) {
            CallFacts call = calls[i & (CALLS - 1)];
            long start = System.nanoTime();
            EnforcementDecision decision = evaluator.evaluate(call, System.currentTimeMillis(), start);
            samples[i] = System.nanoTime() - start;
            sink += decision.outcome().ordinal();
        }
        java.util.Arrays.sort(samples);
        System.out.printf(
                "Mean %.0f ns/call (best iteration %.0f ns); single calls p50 %d ns, p99 %d ns, p99.9 %d ns%n",
                mean,
                best,
                samples[samples.length / 2],
                samples[(int) (samples.length * 0.99)],
                samples[(int) (samples.length * 0.999)]);
        System.out.printf("Target: < 5,000 ns per call -> %s (sink %d)%n", mean < 5_000 ? "met" : "NOT met", sink % 7);
    }

    private static long run(RuleEvaluator evaluator, CallFacts[] calls, int operations) {
        long sink = 0;
        long millis = System.currentTimeMillis();
        for (int i = 0; i < operations; i++) {
            sink += evaluator
                    .evaluate(calls[i & (CALLS - 1)], millis, System.nanoTime())
                    .outcome()
                    .ordinal();
        }
        return sink;
    }

    private static String ip(int i) {
        return "198." + (18 + i / 65_536 % 2) + "." + (i / 256 % 256) + "." + (i % 256);
    }
}
