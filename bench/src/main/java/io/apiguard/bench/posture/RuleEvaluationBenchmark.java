package io.apiguard.bench.posture;

import static io.apiguard.bench.BenchSupport.intOption;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.Identity;
import io.apiguard.posture.TestApis;
import io.apiguard.posture.evaluation.Posture;
import io.apiguard.posture.findings.Finding;
import io.apiguard.posture.rules.RuleCatalogue;
import io.apiguard.posture.rules.RuleThresholds;
import io.apiguard.posture.traffic.CallTraits;
import io.apiguard.posture.traffic.TrafficAggregates;

/**
 * Evaluating every rule over 10,000 APIs (issue target: under 2 s). A mixed inventory (a quarter without TLS, some
 * shadow and zombie APIs, versioned paths) with traffic aggregates for every API; measures the first evaluation
 * (which opens the findings) and steady-state re-evaluations. Usage: {@code bench/posture.sh rules [--apis 10000]
 * [--rounds 10]}.
 */
public final class RuleEvaluationBenchmark {

    private RuleEvaluationBenchmark() {}

    public static void main(String[] args) {
        int apis = intOption(args, "--apis", 10_000);
        int rounds = intOption(args, "--rounds", 10);
        Instant now = Instant.now();
        TrafficAggregates traffic = new TrafficAggregates(
                Duration.ofHours(1),
                new CallTraits(List.of("access_token", "token", "apikey"), List.of("ssn", "email")));
        Posture posture = new Posture(RuleCatalogue.rules(), RuleThresholds.defaults(), traffic::stats);
        List<ApiEndpoint> endpoints = new ArrayList<>(apis);
        for (int i = 0; i < apis; i++) {
            endpoints.add(endpoint(i));
        }
        for (int i = 0; i < apis; i++) {
            String host = endpoints.get(i).host();
            String path = endpoints.get(i).path();
            for (int call = 0; call < 25; call++) {
                Identity identity = call % 7 == 0
                        ? Identity.anonymous()
                        : call % 3 == 0 ? TestApis.sharedAccount() : TestApis.individual();
                traffic.record(
                        endpoints.get(i).id(),
                        TestApis.call(
                                host,
                                path + "/" + (1000 + call),
                                i % 50 == 0 ? "access_token=[REDACTED]" : null,
                                identity,
                                i % 20 == 0 && call % 4 == 0 ? 500 : 200,
                                List.of()),
                        now);
            }
        }
        posture.load(endpoints, java.util.Map.of(), List.of(), List.of());

        long start = System.nanoTime();
        List<Finding> opened = posture.evaluateAll(now);
        double firstMillis = (System.nanoTime() - start) / 1e6;

        double best = Double.MAX_VALUE;
        double total = 0;
        for (int round = 1; round <= rounds; round++) {
            long roundStart = System.nanoTime();
            posture.evaluateAll(now.plusSeconds(round));
            double millis = (System.nanoTime() - roundStart) / 1e6;
            best = Math.min(best, millis);
            total += millis;
        }
        System.out.printf(
                Locale.ROOT,
                "rules=%d apis=%d findings opened=%d%n",
                RuleCatalogue.rules().size(),
                apis,
                opened.size());
        System.out.printf(Locale.ROOT, "first evaluation (opens findings): %.1f ms%n", firstMillis);
        System.out.printf(
                Locale.ROOT,
                "re-evaluation: mean %.1f ms, best %.1f ms over %d rounds (target < 2000 ms)%n",
                total / rounds,
                best,
                rounds);
    }

    private static ApiEndpoint endpoint(int i) {
        TestApis api = TestApis.api()
                .id(String.format(Locale.ROOT, "api-%06d", i))
                .host("svc" + (i / 10) + ".example")
                .namespace("ns-" + (i % 40))
                .path((i % 10 < 2 ? "/v" + (i % 10 + 1) + "/items" : "/resource-" + (i % 10)));
        if (i % 4 == 0) {
            api.tls(false);
        }
        if (i % 5 == 0) {
            api.hint("rate-limit", null);
        }
        if (i % 9 == 0) {
            api.exposure(Exposure.INTERNAL);
        }
        if (i % 97 == 0) {
            api.source(ApiSource.TRAFFIC).state(ApiState.SHADOW);
        } else if (i % 89 == 0) {
            api.state(ApiState.ZOMBIE);
        }
        return api.build();
    }
}
