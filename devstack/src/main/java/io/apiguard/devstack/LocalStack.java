package io.apiguard.devstack;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.apiguard.devstack.apps.AppProcess;
import io.apiguard.devstack.apps.AppSpec;
import io.apiguard.devstack.apps.ReadinessPoller;
import io.apiguard.devstack.postgres.LocalDatabases;
import io.apiguard.testing.kafka.EmbeddedKafkaBroker;
import io.apiguard.testing.postgres.PostgresEndpoint;

/**
 * The local run: starts the embedded Kafka broker, makes sure the apps' databases exist, starts every app as a child
 * process, waits until each is ready, prints where to reach them, and stops everything on Ctrl-C or SIGTERM.
 */
public final class LocalStack {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final long STOP_GRACE_SECONDS = 25;

    private final StackOptions options;
    private final List<AppProcess> running = new ArrayList<>();
    private EmbeddedKafkaBroker broker;

    LocalStack(StackOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "apiguard-local-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("\nThe local run failed: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("\nEverything is up. Ctrl-C stops every app and the broker.");
        stopped.await();
    }

    /** The apps of the local run, with the ports of DESIGN.md and the local infrastructure's addresses. */
    List<AppSpec> apps(String bootstrapServers) {
        List<AppSpec> apps = new ArrayList<>();
        String[][] services = {
            {"discovery-service", "8081", "discovery"},
            {"logging-service", "8082", "logging"},
            {"posture-service", "8083", "posture"},
            {"detection-service", "8084", "detection"},
            {"enforcement-service", "8085", "enforcement"},
        };
        PostgresEndpoint pg = postgres();
        for (String[] service : services) {
            String database = databaseOf(service[2]);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("quarkus.http.port", service[1]);
            properties.put("kafka.bootstrap.servers", bootstrapServers);
            properties.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
            properties.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
            properties.put("quarkus.datasource.username", pg.user());
            properties.put("quarkus.datasource.password", pg.password());
            apps.add(new AppSpec(service[0], service[0], Integer.parseInt(service[1]), properties));
        }
        apps.add(new AppSpec("sidecar", "sidecar", 8091, Map.of(
                "quarkus.http.port", "8091",
                "apiguard.sidecar.proxy-port", "8090",
                // The demo API of the local run listens here.
                "apiguard.sidecar.upstream", "http://127.0.0.1:8095")));
        return apps;
    }

    void start() throws InterruptedException {
        long started = System.nanoTime();
        List<AppSpec> apps = apps("127.0.0.1:" + options.kafkaPort());
        for (AppSpec app : apps) {
            if (!java.nio.file.Files.exists(app.jar(options.root()))) {
                throw new IllegalStateException(app.jar(options.root()) + " is missing: build first (./run-local.sh does)");
            }
        }

        System.out.println("Starting the Kafka broker on 127.0.0.1:" + options.kafkaPort() + " ...");
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(options.kafkaPort(),
                options.localDir().resolve("kafka")));

        List<String> created = new LocalDatabases(postgres()).ensure(List.of("discovery", "logging", "posture",
                "detection", "enforcement").stream().map(LocalStack::databaseOf).toList());
        System.out.println("PostgreSQL at " + options.pgHost() + ":" + options.pgPort()
                + (created.isEmpty() ? " has every database" : ", created " + String.join(", ", created)));

        for (AppSpec app : apps) {
            try {
                running.add(AppProcess.start(app.name(), AppProcess.javaCommand(app.jar(options.root()), app.properties()),
                        options.localDir().resolve("logs").resolve(app.name() + ".log")));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("could not start " + app.name() + ": " + e.getMessage(), e);
            }
        }
        System.out.println("Started " + running.size() + " apps; waiting until each is ready ...");
        awaitAllReady(apps);
        printTable(apps, (System.nanoTime() - started) / 1_000_000_000.0);
    }

    private void awaitAllReady(List<AppSpec> apps) throws InterruptedException {
        ReadinessPoller poller = new ReadinessPoller(POLL_INTERVAL);
        ExecutorService pool = Executors.newFixedThreadPool(apps.size());
        try {
            List<Future<?>> waits = new ArrayList<>();
            for (int i = 0; i < apps.size(); i++) {
                AppSpec app = apps.get(i);
                AppProcess process = running.get(i);
                waits.add(pool.submit(() -> {
                    poller.awaitReady(app.name(), URI.create(app.baseUrl() + "/q/health/ready"), options.readyTimeout(),
                            process::isAlive);
                    return null;
                }));
            }
            for (int i = 0; i < waits.size(); i++) {
                try {
                    waits.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    AppProcess process = running.get(i);
                    System.err.println("\n" + e.getCause().getMessage() + "; last lines of " + process.log() + ":");
                    process.logTail(30).forEach(line -> System.err.println("  " + line));
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void printTable(List<AppSpec> apps, double seconds) {
        System.out.printf("%nAll %d apps ready in %.1f s. Kafka: 127.0.0.1:%d  Logs: %s%n%n", apps.size(), seconds,
                options.kafkaPort(), options.localDir().resolve("logs"));
        System.out.printf("%-20s %-28s %s%n", "app", "status", "health / openapi / metrics");
        for (AppSpec app : apps) {
            System.out.printf("%-20s %-28s %s%n", app.name(), app.baseUrl() + "/api/v1/status",
                    app.baseUrl() + "/q/health  /q/openapi  /q/metrics");
        }
        System.out.println("sidecar proxy        http://localhost:8090 -> http://127.0.0.1:8095");
    }

    /** Stops every app (in reverse order of start) and then the broker; safe to call more than once. */
    synchronized void stop() {
        if (running.isEmpty() && broker == null) {
            return;
        }
        System.out.println("\nStopping " + running.size() + " apps and the broker ...");
        List<AppProcess> toStop = new ArrayList<>(running);
        running.clear();
        // Each stop waits for its own app; stopping them side by side keeps Ctrl-C quick.
        toStop.parallelStream().forEach(app -> app.stop(STOP_GRACE_SECONDS));
        if (broker != null) {
            broker.close();
            broker = null;
        }
        System.out.println("Stopped.");
    }

    private PostgresEndpoint postgres() {
        return new PostgresEndpoint(options.pgHost(), options.pgPort(), options.pgUser(),
                System.getenv().getOrDefault("PGPASSWORD", ""));
    }

    static String databaseOf(String service) {
        return "apiguard_" + service;
    }
}
