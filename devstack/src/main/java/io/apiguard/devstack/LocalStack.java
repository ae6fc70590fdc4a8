package io.apiguard.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import io.apiguard.devstack.apps.AppProcess;
import io.apiguard.devstack.apps.AppSpec;
import io.apiguard.devstack.apps.AppSupervisor;
import io.apiguard.devstack.apps.LocalApps;
import io.apiguard.devstack.apps.ReadinessPoller;
import io.apiguard.devstack.config.StackOptions;
import io.apiguard.devstack.demo.DemoApi;
import io.apiguard.devstack.kafka.LocalKafka;
import io.apiguard.devstack.postgres.LocalDatabases;
import io.apiguard.devstack.postgres.LocalPostgres;
import io.apiguard.devstack.postgres.PostgresUnavailableException;
import io.apiguard.devstack.scenario.Scenario;
import io.apiguard.devstack.security.LocalSecurity;
import io.apiguard.testing.kafka.EmbeddedKafkaBroker;

/**
 * The local run ({@code ./run-local.sh}): starts the embedded Kafka broker, makes sure the services' databases exist
 * on the local PostgreSQL server, starts every app as a child process, waits until each is ready, prints where to
 * reach them, and on Ctrl-C or SIGTERM stops the apps, everything they started, and the broker.
 */
public final class LocalStack {

    /** An app did not become ready, or something else failed on the way up. */
    static final int EXIT_FAILED = 1;
    /** The command line is wrong. */
    static final int EXIT_USAGE = 2;
    /** PostgreSQL answers but refuses the user, or none can be had (see {@link LocalPostgres#ensure}). */
    static final int EXIT_NO_POSTGRES = 3;
    /** An app's jar is missing. */
    static final int EXIT_NOT_BUILT = 4;
    /** A port the local run needs is taken. */
    static final int EXIT_PORT_BUSY = 5;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** Above the apps' own graceful-shutdown timeouts (10 s), so SIGKILL is for the hung, not the slow. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final int LOG_TAIL_LINES = 40;

    private final StackOptions options;
    private final PrintStream out;
    private final AppSupervisor supervisor = new AppSupervisor();
    private EmbeddedKafkaBroker broker;
    private LocalPostgres postgres;
    private DemoApi demoApi;
    private LocalSecurity security;
    private boolean stopped;

    LocalStack(StackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        // Kafka logs through log4j2 and slf4j bridges to JBoss LogManager; it must be the JUL manager before any
        // logger.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        if (StackOptions.wantsHelp(args)) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        StackOptions options;
        try {
            options = StackOptions.parse(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        LocalStack stack = new LocalStack(options, System.out);
        CountDownLatch stoppedLatch = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.stop();
                            stoppedLatch.countDown();
                        },
                        "apiguard-local-stop"));
        int exitCode = stack.start();
        if (exitCode != 0) {
            // The shutdown hook stops whatever did start.
            System.exit(exitCode);
        }
        try {
            new Scenario(options.ports(), stack.security, System.out).run();
        } catch (RuntimeException e) {
            System.err.println("The scenario failed: " + e);
        }
        if (!options.stay()) {
            System.out.println(System.lineSeparator() + "Done; --stay keeps everything up to explore.");
            System.exit(0);
        }
        System.out.println(System.lineSeparator() + "Staying up (--stay): Ctrl-C stops every app and the broker.");
        stoppedLatch.await();
    }

    /**
     * Brings everything up, in the order that fails fastest: nothing is started before the cheap checks pass.
     *
     * @return 0 once every app is ready, else the exit code of what went wrong (already explained on stderr)
     */
    int start() throws InterruptedException {
        Instant launched = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        List<AppSpec> apps =
                LocalApps.of(options, "127.0.0.1:" + options.ports().kafka());

        List<Path> missing = apps.stream()
                .map(AppSpec::jar)
                .filter(jar -> !Files.isRegularFile(jar))
                .toList();
        if (!missing.isEmpty()) {
            return fail(
                    EXIT_NOT_BUILT,
                    "Not built yet: " + missing.stream().map(Path::toString).collect(Collectors.joining(", "))
                            + System.lineSeparator()
                            + "  Build with ./run-local.sh --rebuild, or ./mvnw -B install -DskipTests.");
        }

        Map<String, Integer> busy = BusyPorts.among(options.ports().bound());
        if (!busy.isEmpty()) {
            return fail(
                    EXIT_PORT_BUSY,
                    "Ports in use: "
                            + busy.entrySet().stream()
                                    .map(entry -> entry.getValue() + " (" + entry.getKey() + ")")
                                    .collect(Collectors.joining(", "))
                            + System.lineSeparator()
                            + "  Is another local run still up? pgrep -af quarkus-run shows its apps;"
                            + " --kafka-port moves the broker.");
        }

        try {
            LocalPostgres started = LocalPostgres.ensure(
                    options.postgres(), options.paths().localDir().resolve("postgres"));
            synchronized (this) {
                if (stopped) {
                    // Ctrl-C came while it was starting: stop() has run already and did not see it.
                    started.close();
                    return 0;
                }
                postgres = started;
            }
            List<String> created = new LocalDatabases(options.postgres()).ensure(LocalApps.databases());
            out.println("PostgreSQL   " + options.postgres().host() + ":"
                    + options.postgres().port()
                    + (started.embedded()
                            ? " (embedded, data in " + options.paths().root().relativize(started.embeddedDirectory())
                                    + ")"
                            : "")
                    + (created.isEmpty() ? ", every database there" : ", created " + String.join(", ", created)));
        } catch (PostgresUnavailableException e) {
            return fail(EXIT_NO_POSTGRES, e.getMessage());
        }

        try {
            security = LocalSecurity.start(
                    LocalApps.security(options),
                    options.ports().issuer(),
                    apps.stream().map(AppSpec::name).toList());
            out.println("Issuer       local OIDC issuer on 127.0.0.1:"
                    + options.ports().issuer() + "; tokens in "
                    + security.settings().tokens());
        } catch (IOException | RuntimeException e) {
            return fail(
                    EXIT_PORT_BUSY,
                    "The local OIDC issuer could not start on "
                            + options.ports().issuer() + ": " + e.getMessage());
        }

        try {
            demoApi = DemoApi.start(options.ports().demoApi());
        } catch (IOException e) {
            return fail(
                    EXIT_PORT_BUSY,
                    "The demo API could not listen on " + options.ports().demoApi() + ": " + e.getMessage());
        }

        try {
            startBroker();
        } catch (IOException | RuntimeException e) {
            return fail(
                    EXIT_FAILED,
                    "The Kafka broker did not start: " + e.getMessage() + System.lineSeparator() + "  Its log: "
                            + options.paths().log("kafka"));
        }

        for (AppSpec app : apps) {
            try {
                supervisor.start(
                        app.name(),
                        AppProcess.javaCommand(app.jar(), app.properties()),
                        app.environment(),
                        options.paths().log(app.name()));
            } catch (IOException | IllegalStateException e) {
                return supervisor.isStopping()
                        ? 0
                        : fail(EXIT_FAILED, "Could not start " + app.name() + ": " + e.getMessage());
            }
        }
        out.println("Apps         " + apps.size() + " started, waiting until each is ready (at most "
                + options.readyTimeout().toSeconds() + " s) ...");

        Map<String, AppProcess> running =
                supervisor.running().stream().collect(Collectors.toMap(AppProcess::name, process -> process));
        List<ReadinessPoller.Target> targets = apps.stream()
                .map(app ->
                        new ReadinessPoller.Target(app.name(), app.readinessUrl(), running.get(app.name())::isAlive))
                .toList();
        try {
            new ReadinessPoller(POLL_INTERVAL)
                    .awaitAll(
                            targets,
                            options.readyTimeout(),
                            name -> out.printf("  %-20s ready after %5.1f s%n", name, secondsSince(launched)));
        } catch (ReadinessPoller.NotReadyException e) {
            if (supervisor.isStopping()) {
                // Ctrl-C while starting: the apps exited because we stopped them, not because they failed.
                return 0;
            }
            AppProcess failed = running.get(e.app());
            StringBuilder message = new StringBuilder(e.getMessage())
                    .append(System.lineSeparator())
                    .append("  Last lines of ")
                    .append(failed.log())
                    .append(':')
                    .append(System.lineSeparator());
            List<String> tail = failed.logTail(LOG_TAIL_LINES);
            if (tail.isEmpty()) {
                message.append("  | (empty: the JVM had not written anything yet)");
            }
            tail.forEach(line -> message.append("  | ").append(line).append(System.lineSeparator()));
            return fail(EXIT_FAILED, message.toString().stripTrailing());
        }
        printReady(apps, secondsSince(launched));
        return 0;
    }

    /** Stops every app (all at once), then the broker they use; safe to call more than once and from any thread. */
    void stop() {
        List<AppProcess> stoppedApps = supervisor.stopAll(STOP_GRACE);
        EmbeddedKafkaBroker toClose;
        LocalPostgres postgresToClose;
        synchronized (this) {
            stopped = true;
            toClose = broker;
            broker = null;
            postgresToClose = postgres;
            postgres = null;
        }
        if (postgresToClose != null) {
            // after the apps, which may still write while they stop; a server that was running already stays up
            postgresToClose.close();
        }
        if (demoApi != null) {
            demoApi.close();
        }
        if (security != null) {
            // after the apps: a stopping app may still verify a token
            security.close();
        }
        if (stoppedApps.isEmpty() && toClose == null) {
            return;
        }
        out.println(System.lineSeparator() + "Stopped " + stoppedApps.size() + " apps"
                + (toClose == null ? "." : "; stopping the Kafka broker ..."));
        if (toClose != null) {
            toClose.close();
            out.println("Stopped.");
        }
    }

    private void startBroker() throws IOException {
        out.println("Kafka        starting on 127.0.0.1:" + options.ports().kafka() + " ...");
        EmbeddedKafkaBroker started = LocalKafka.start(
                options.ports().kafka(),
                options.paths().kafkaData(),
                options.paths().log("kafka"));
        boolean keep;
        synchronized (this) {
            keep = !stopped;
            if (keep) {
                broker = started;
            }
        }
        if (!keep) {
            // Ctrl-C came while the broker was starting: stop() has run already and did not see it.
            started.close();
            return;
        }
        out.printf("Kafka        %s ready in %.1f s%n", started.bootstrapServers(), started.startMillis() / 1000.0);
    }

    private void printReady(List<AppSpec> apps, double seconds) {
        String row = "%-20s %-23s %-15s %-23s %s%n";
        out.printf("%napiguard is up: %d apps ready %.1f s after launch.%n%n", apps.size(), seconds);
        out.printf(row, "app", "api (token needed)", "status", "management (public)", "health, openapi, metrics");
        for (AppSpec app : apps) {
            out.printf(
                    row,
                    app.name(),
                    app.baseUrl(),
                    "/api/v1/status",
                    app.managementUrl(),
                    "/q/health/ready, /q/openapi, /q/metrics");
        }
        out.printf(
                "%-20s %-23s -> http://127.0.0.1:%d (the demo API: GET /accounts/{id}, /accounts/{id}/statements)%n",
                "sidecar proxy",
                "http://localhost:" + options.ports().sidecarProxy(),
                options.ports().demoApi());
        out.println();
        out.println("Kafka broker  127.0.0.1:" + options.ports().kafka() + "  (data "
                + options.paths().kafkaData() + ")");
        out.println("PostgreSQL    " + options.postgres().host() + ":"
                + options.postgres().port() + "  " + String.join(", ", LocalApps.databases()));
        out.println("Logs          " + options.paths().logs() + "/<app>.log, kafka.log");
        Path tokens = security.settings().tokens();
        out.println("Tokens        " + tokens.resolve("operator") + " (operator), viewer, admin; e.g.");
        out.println("              curl -H \"Authorization: Bearer $(cat "
                + options.paths().root().relativize(security.settings().personToken("viewer")) + ")\" http://localhost:"
                + options.ports().posture()
                + "/api/v1/maturity");
        out.println();
    }

    private int fail(int exitCode, String message) {
        System.err.println(System.lineSeparator() + "The local run failed: " + message);
        return exitCode;
    }

    private static double secondsSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
