package io.apiguard.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.apiguard.devstack.apps.AppProcess;
import io.apiguard.devstack.apps.AppSpec;
import io.apiguard.devstack.apps.LocalApps;
import io.apiguard.devstack.apps.ReadinessPoller;
import io.apiguard.devstack.config.LocalPaths;
import io.apiguard.devstack.config.StackOptions;
import io.apiguard.devstack.demo.DemoApi;
import io.apiguard.devstack.postgres.LocalDatabases;
import io.apiguard.devstack.security.LocalSecurity;
import io.apiguard.testing.kafka.EmbeddedKafkaBroker;
import io.apiguard.testing.postgres.EmbeddedPostgresServer;

/**
 * The whole suite on this machine for the end-to-end tests: a real Kafka broker and a PostgreSQL server of its own
 * (both restartable on the same ports and data), the local OIDC issuer, the demo API, and the six built apps as
 * separate JVMs, configured exactly as the local run configures them. One instance per test JVM ({@link #shared()}),
 * started on first use and stopped by a shutdown hook; every test class shares it, so the ladder is climbed once.
 *
 * <p>Faults are methods: {@link #kill} (SIGKILL, as the OOM killer or a node loss would), {@link #terminate}
 * (SIGTERM, as a rollout does), {@link #start} again, {@link #restartBroker}, {@link #restartPostgres}.
 */
public final class SuiteStack implements AutoCloseable {

    public static final String DISCOVERY = "discovery-service";
    public static final String LOGGING = "logging-service";
    public static final String POSTURE = "posture-service";
    public static final String DETECTION = "detection-service";
    public static final String ENFORCEMENT = "enforcement-service";
    public static final String SIDECAR = "sidecar";

    private static final Logger LOG = Logger.getLogger(SuiteStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Above the apps' own graceful-shutdown timeouts, so a SIGTERM that hangs fails the test instead of waiting on. */
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(30);

    private static volatile SuiteStack shared;

    private final StackPorts ports;
    private final StackOptions options;
    private final EmbeddedPostgresServer postgres;
    private final LocalSecurity security;
    private final DemoApi demoApi;
    private final Map<String, AppSpec> apps = new LinkedHashMap<>();
    private final Map<String, AppProcess> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> starts = new ConcurrentHashMap<>();
    private final EmbeddedKafkaBroker broker;

    private SuiteStack(Path root, Path state) throws IOException, InterruptedException {
        ports = StackPorts.pick();
        postgres = EmbeddedPostgresServer.startForTests(state.resolve("postgres"), 0);
        options =
                new StackOptions(new LocalPaths(root, state), ports.apps(), postgres.endpoint(), READY_TIMEOUT, false);
        new LocalDatabases(options.postgres()).ensure(LocalApps.databases());
        // every topic of the catalogue is declared with its spec before an app starts, as Strimzi would have them
        broker = EmbeddedKafkaBroker.start(
                EmbeddedKafkaBroker.Options.of(ports.apps().kafka(), state.resolve("kafka")));
        List<AppSpec> specs = LocalApps.of(options, broker.bootstrapServers());
        specs.forEach(spec -> apps.put(spec.name(), spec));
        security = LocalSecurity.start(LocalApps.security(options), ports.apps().issuer(), List.copyOf(apps.keySet()));
        demoApi = DemoApi.start(ports.apps().demoApi());
        for (AppSpec spec : specs) {
            launch(spec);
        }
        awaitReady(List.copyOf(apps.keySet()));
    }

    /** The suite of this JVM, started on first use from the repository root the build names. */
    public static SuiteStack shared() {
        SuiteStack stack = shared;
        if (stack == null) {
            synchronized (SuiteStack.class) {
                stack = shared;
                if (stack == null) {
                    Path root = Path.of(System.getProperty("apiguard.e2e.root", ".."))
                            .toAbsolutePath()
                            .normalize();
                    Path state = root.resolve("e2e/target/suite");
                    try {
                        deleteRecursively(state);
                        long started = System.nanoTime();
                        stack = new SuiteStack(root, state);
                        LOG.infof("the suite is up in %.1f s: %s", (System.nanoTime() - started) / 1e9, stack.ports);
                    } catch (IOException e) {
                        throw new UncheckedIOException("the suite did not start", e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the suite started", e);
                    }
                    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "apiguard-e2e-stop"));
                    shared = stack;
                }
            }
        }
        return stack;
    }

    public StackOptions options() {
        return options;
    }

    public LocalSecurity security() {
        return security;
    }

    /** Where the clients call: the sidecar's proxy, by the host the demo's Ingress declares. */
    public String sidecarUrl() {
        return "http://" + LocalApps.DEMO_HOST + ":" + options.ports().sidecarProxy();
    }

    /** The base URL of an app's API. */
    public String url(String app) {
        return "http://127.0.0.1:" + apps.get(app).port();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. Returns once the process is gone. */
    public void kill(String app) {
        AppProcess process = running.remove(app);
        process.handle().destroyForcibly();
        awaitExit(process, Duration.ofSeconds(10));
    }

    /** SIGTERM, as a rollout sends it: returns once the app has shut down gracefully, failing if it hangs. */
    public void terminate(String app) {
        AppProcess process = running.remove(app);
        process.handle().destroy();
        awaitExit(process, TERMINATE_GRACE);
    }

    /** Starts an app that was killed or terminated, and returns once it is ready. */
    public void start(String app) throws InterruptedException {
        try {
            launch(apps.get(app));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + app, e);
        }
        awaitReady(List.of(app));
    }

    /** Stops the broker (clean shutdown) and starts it again on the same ports and data. */
    public void restartBroker() {
        broker.restart();
    }

    /** Stops PostgreSQL (fast shutdown: sessions are cut) and starts it again on the same port and data. */
    public void restartPostgres() {
        postgres.stop();
        postgres.start();
    }

    /** Starts an app's JVM; each start has its own log ({@code logging-service.log}, then {@code logging-service-2.log}). */
    private void launch(AppSpec spec) throws IOException {
        int start = starts.merge(spec.name(), 1, Integer::sum);
        String log = start == 1 ? spec.name() : spec.name() + "-" + start;
        running.put(
                spec.name(),
                AppProcess.start(
                        spec.name(),
                        AppProcess.javaCommand(spec.jar(), spec.properties()),
                        spec.environment(),
                        options.paths().log(log)));
    }

    private void awaitReady(List<String> names) throws InterruptedException {
        List<ReadinessPoller.Target> targets = names.stream()
                .map(name ->
                        new ReadinessPoller.Target(name, apps.get(name).readinessUrl(), running.get(name)::isAlive))
                .toList();
        try {
            new ReadinessPoller(POLL).awaitAll(targets, READY_TIMEOUT, name -> LOG.infof("%s is ready", name));
        } catch (ReadinessPoller.NotReadyException e) {
            AppProcess failed = running.get(e.app());
            throw new IllegalStateException(
                    e.getMessage() + "; the last lines of its log:\n"
                            + String.join("\n", failed == null ? List.of() : failed.logTail(60)),
                    e);
        }
    }

    private static void awaitExit(AppProcess process, Duration timeout) {
        try {
            process.handle().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + process + " stopped", e);
        } catch (Exception notYet) {
            process.handle().destroyForcibly();
            throw new IllegalStateException(process + " did not exit within " + timeout, notYet);
        }
    }

    @Override
    public synchronized void close() {
        List<ProcessHandle> handles = running.values().stream()
                .flatMap(app -> app.terminate().stream())
                .toList();
        AppProcess.killSurvivors(handles, System.nanoTime() + TERMINATE_GRACE.toNanos());
        running.clear();
        demoApi.close();
        security.close();
        broker.close();
        postgres.close();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
