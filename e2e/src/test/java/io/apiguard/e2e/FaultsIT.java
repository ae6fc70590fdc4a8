package io.apiguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.apiguard.e2e.audit.DetectionWatch;
import io.apiguard.e2e.audit.StoredCalls;
import io.apiguard.e2e.stack.Suite;
import io.apiguard.e2e.stack.SuiteStack;
import io.apiguard.e2e.traffic.Caller;
import io.apiguard.e2e.traffic.SteadyLoad;

/**
 * Each fault under steady load through the sidecar, one at a time: the Kafka broker restarts, PostgreSQL restarts,
 * logging-, detection- and enforcement-service are killed (SIGKILL) and started again, the sidecar is terminated
 * (SIGTERM, as a rollout does) and started again. During each the sidecar keeps answering (but while it is itself
 * down); after each, every forwarded call is stored exactly once, a new attack is detected and blocked, and the rule
 * an operator put in force is still in force.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    /**
     * Calls a second of background load: a busy API's worth for two cores running seven JVMs. {@code bench/faults.sh}
     * raises it and the next setting for longer runs.
     */
    private static final int LOAD_RATE = Integer.getInteger("apiguard.e2e.load-rate", 25);
    /** Calls before the fault and after the recovery: three seconds' worth each. */
    private static final int SECONDS_AROUND = Integer.getInteger("apiguard.e2e.load-seconds-around", 3);

    private static final int CALLS_AROUND = SECONDS_AROUND * LOAD_RATE;
    /** Time enough for the calls around a fault, on a machine slower than it should be. */
    private static final Duration AROUND_AT_MOST = Duration.ofSeconds(30L + 2L * SECONDS_AROUND);

    private static final String BLOCKED_BY_OPERATOR = "olga.blocked@accounting-xyz";
    private static final Path FIGURES = Path.of("target", "fault-figures.md");

    private static Suite suite;
    private static SuiteStack stack;
    private static StoredCalls stored;
    private static DetectionWatch detections;

    @BeforeAll
    static void anOperatorRuleIsInForce() throws IOException {
        suite = Suite.shared();
        stack = suite.stack();
        stored = new StoredCalls(stack.options().postgres(), "apiguard_logging");
        detections = new DetectionWatch(stack.bootstrapServers());
        suite.asOperator(SuiteStack.ENFORCEMENT)
                .body(Map.of(
                        "match",
                        Map.of("subject", BLOCKED_BY_OPERATOR),
                        "action",
                        "block",
                        "ttl",
                        "PT1H",
                        "reason",
                        "e2e: rules in force stay in force"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        awaitOperatorRuleInForce();
        Files.writeString(
                FIGURES,
                "| fault | sent | forwarded | stored | lost | duplicated | unanswered |\n"
                        + "| --- | --- | --- | --- | --- | --- | --- |\n");
    }

    @AfterAll
    static void stopWatching() {
        detections.close();
    }

    @Test
    @Order(1)
    void kafkaBrokerRestart() {
        survives("Kafka broker restart", "kafka", 1, true, fault -> stack.restartBroker());
    }

    @Test
    @Order(2)
    void postgresRestart() {
        survives("PostgreSQL restart", "postgres", 2, true, fault -> stack.restartPostgres());
    }

    @Test
    @Order(3)
    void killLoggingService() {
        survives("kill -9 logging-service", "logging", 3, true, restartAfterKill(SuiteStack.LOGGING));
    }

    @Test
    @Order(4)
    void killDetectionService() {
        survives("kill -9 detection-service", "detection", 4, true, restartAfterKill(SuiteStack.DETECTION));
    }

    @Test
    @Order(5)
    void killEnforcementService() {
        survives("kill -9 enforcement-service", "enforcement", 5, true, restartAfterKill(SuiteStack.ENFORCEMENT));
    }

    @Test
    @Order(6)
    void terminateTheSidecar() {
        // while the sidecar itself is down its callers get no answer; what it had forwarded must all be stored
        survives("SIGTERM sidecar", "sidecar", 6, false, fault -> {
            stack.terminate(SuiteStack.SIDECAR);
            start(SuiteStack.SIDECAR);
        });
    }

    private static Consumer<String> restartAfterKill(String app) {
        return fault -> {
            stack.kill(app);
            start(app);
        };
    }

    private static void start(String app) {
        try {
            stack.start(app);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + app + " started", e);
        }
    }

    /**
     * Runs steady load, applies the fault in its middle, and checks the aftermath.
     *
     * @param tag                      names the fault's people
     * @param index                    gives the fault's attacker an address of its own
     * @param sidecarAnswersThroughout whether every call must be answered 200 (all but the sidecar's own fault)
     */
    private static void survives(
            String fault, String tag, int index, boolean sidecarAnswersThroughout, Consumer<String> inject) {
        List<Caller> people = List.of(
                suite.caller("ivy." + tag + "@accounting-xyz", "203.0.113.51"),
                suite.caller("jon." + tag + "@accounting-xyz", "203.0.113.52"),
                suite.caller("kim." + tag + "@accounting-xyz", "203.0.113.53"));
        SteadyLoad.Result result;
        try (SteadyLoad load = SteadyLoad.start(people, LOAD_RATE)) {
            await().atMost(AROUND_AT_MOST).until(() -> load.sent() >= CALLS_AROUND);
            inject.accept(fault);
            long recovered = load.sent();
            await().atMost(AROUND_AT_MOST).until(() -> load.sent() >= recovered + CALLS_AROUND);
            result = load.stop();
        }

        if (sidecarAnswersThroughout) {
            assertThat(result.statuses())
                    .as("what callers got during the %s", fault)
                    .containsOnlyKeys(200);
        } else {
            assertThat(result.statuses())
                    .as("what callers got around the %s", fault)
                    .containsKey(200)
                    .doesNotContainKeys(403, 429, 500, 502, 503, 504);
        }
        StoredCalls.Tally tally = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> stored.tally(result.forwarded()), counted -> counted.lost() == 0);
        record(fault, result, tally);
        assertThat(tally.duplicated()).as("%s: %s", fault, tally).isZero();

        detectionsResumeAndBlock(fault, tag, index);
        awaitOperatorRuleInForce();
    }

    /**
     * A new attacker walks account ids until blocked: detected, and blocked at the sidecar. A consumer that was killed
     * holds its partitions until its session times out, so the walk may take some seconds after a restart.
     */
    private static void detectionsResumeAndBlock(String fault, String tag, int index) {
        String attacker = "eve." + tag + "@accounting-xyz";
        Caller caller = suite.caller(attacker, "198.51.100." + (100 + index));
        AtomicInteger id = new AtomicInteger();
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> caller.get("/accounts/" + (1 + id.getAndIncrement() % 4_000))
                                .status()
                        == 403);
        await().atMost(Duration.ofSeconds(10)).until(() -> detections.firstDetected(attacker), notNullValue());
        System.out.printf(
                "fault: after the %s, a new enumeration was blocked after %d calls, %d ms%n",
                fault, id.get(), (System.nanoTime() - started) / 1_000_000);
    }

    private static void awaitOperatorRuleInForce() {
        Caller blocked = suite.caller(BLOCKED_BY_OPERATOR, "203.0.113.99");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> blocked.get("/accounts/7").status() == 403);
    }

    private static void record(String fault, SteadyLoad.Result result, StoredCalls.Tally tally) {
        long unanswered = result.statuses().getOrDefault(-1, 0L);
        String line = "| %s | %d | %d | %d | %d | %d | %d |%n"
                .formatted(
                        fault,
                        result.total(),
                        tally.forwarded(),
                        tally.stored(),
                        tally.lost(),
                        tally.duplicated(),
                        unanswered);
        System.out.print("fault: " + line);
        try {
            Files.writeString(FIGURES, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
