package io.apiguard.bench.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.paths.RouteMatcher;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.apiguard.discovery.inventory.Inventory;

/**
 * Matching one call among 10,000 declared APIs (1,000 hosts with 10 routes each, Exact and Prefix mixed): the bare
 * {@link RouteMatcher} lookup, and {@link Inventory#observe} (lookup, path templating and learning the operation).
 * Target: under 5 µs per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class RouteMatchBenchmark {

    static final int HOSTS = 1_000;
    static final int ROUTES_PER_HOST = 10;
    private static final int CALLS = 4_096;

    private RouteMatcher matcher;
    private Inventory inventory;
    private String[] hosts;
    private String[] paths;
    private int next;

    @Setup
    public void setUp() {
        RouteMatcher.Builder builder = RouteMatcher.builder();
        inventory = new Inventory(50, 5_000);
        for (int h = 0; h < HOSTS; h++) {
            String host = "api" + h + ".example.com";
            List<DeclaredRoute> routes = new ArrayList<>();
            for (int r = 0; r < ROUTES_PER_HOST; r++) {
                MatchType type = r % 3 == 0 ? MatchType.EXACT : MatchType.PREFIX;
                String path = "/v" + (r % 2 + 1) + "/resource" + r;
                builder.add("api-" + h + "-" + r, host, path, type);
                routes.add(new DeclaredRoute(
                        host,
                        path,
                        type,
                        new Backend("svc" + h, "8080"),
                        "ns" + (h % 50),
                        "ns" + (h % 50) + "/ing" + h,
                        "nginx",
                        true,
                        Exposure.EXTERNAL,
                        Map.of()));
            }
            inventory.declare("ns" + (h % 50) + "/ing" + h, routes, Instant.EPOCH);
        }
        matcher = builder.build();
        SplittableRandom random = new SplittableRandom(42);
        hosts = new String[CALLS];
        paths = new String[CALLS];
        for (int i = 0; i < CALLS; i++) {
            int h = random.nextInt(HOSTS);
            int r = random.nextInt(ROUTES_PER_HOST);
            hosts[i] = "api" + h + ".example.com";
            // Exact routes are called as declared; prefix routes with an object id and a sub-resource below them.
            paths[i] = r % 3 == 0
                    ? "/v" + (r % 2 + 1) + "/resource" + r
                    : "/v" + (r % 2 + 1) + "/resource" + r + "/" + random.nextInt(100_000) + "/items";
        }
    }

    @Benchmark
    public String match() {
        int i = next++ & (CALLS - 1);
        return matcher.match(hosts[i], paths[i]);
    }

    @Benchmark
    public Inventory.Changes observe() {
        int i = next++ & (CALLS - 1);
        return inventory.observe(hosts[i], "GET", paths[i], Instant.EPOCH);
    }
}
