package io.apiguard.bench;

import static io.apiguard.bench.BenchSupport.awaitReady;
import static io.apiguard.bench.BenchSupport.freePort;
import static io.apiguard.bench.BenchSupport.frontDoorFlags;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.apiguard.testing.kafka.EmbeddedKafkaBroker;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.postgres.PostgresEndpoint;
import io.apiguard.testing.postgres.TestDatabase;

/**
 * One service of the suite started from its built jar for a benchmark, full JIT, on infrastructure of its own: the
 * test kit's OIDC issuer, an ephemeral Kafka broker and a fresh database (the machine's PostgreSQL, else an embedded
 * one, chosen as the tests choose). {@link #start} returns once the service is ready; {@link #close} stops the
 * process, then the infrastructure. Used from the benchmark's main thread only.
 */
public final class BenchApp implements AutoCloseable {

    private final LocalIssuer issuer;
    private final EmbeddedKafkaBroker broker;
    private final TestDatabase database;
    private final int port;
    private Process process;
    private Path log;
    private Duration launchedToReady;

    private BenchApp(LocalIssuer issuer, EmbeddedKafkaBroker broker, TestDatabase database, int port) {
        this.issuer = issuer;
        this.broker = broker;
        this.database = database;
        this.port = port;
    }

    /**
     * Starts {@code module}'s jar under {@code root} as the workload {@code self}, with {@code flags} (system
     * properties) added to its command line; a flag repeating one of the defaults (e.g. {@code -Dquarkus.log.level})
     * wins, as the later one on a java command line does.
     *
     * @throws IllegalStateException when the jar is not built, or the service does not become ready in 3 minutes
     */
    public static BenchApp start(Path root, String module, LocalIssuer.Workload self, List<String> flags)
            throws IOException, InterruptedException {
        Path jar = root.toAbsolutePath().normalize().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: ./mvnw -B package -DskipTests -pl bench," + module + " -am first");
        }
        LocalIssuer issuer = LocalIssuer.start(0);
        EmbeddedKafkaBroker broker = null;
        TestDatabase database = null;
        try {
            broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.ephemeral());
            database = TestDatabase.create(
                    PostgresEndpoint.fromEnvironment(System.getenv()),
                    TestDatabase.ServerChoice.fromEnvironment(
                            System.getProperty(TestDatabase.MODE_PROPERTY), System.getenv()));
        } catch (RuntimeException | Error e) {
            if (broker != null) {
                broker.close();
            }
            issuer.close();
            throw e;
        }
        BenchApp app = new BenchApp(issuer, broker, database, freePort());
        try {
            app.launch(jar, self, flags);
        } catch (IOException | InterruptedException | RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void launch(Path jar, LocalIssuer.Workload self, List<String> flags)
            throws IOException, InterruptedException {
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:+UseParallelGC",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dquarkus.log.level=WARN"));
        database.quarkusConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(frontDoorFlags(issuer, self, management));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString()));
        log = Files.createTempFile(self.serviceAccount() + "-bench-", ".log");
        long launched = System.nanoTime();
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        launchedToReady = Duration.ofNanos(awaitReady(management, process, log, Duration.ofMinutes(3)) - launched);
    }

    /**
     * Waits for the first line of the service's log that {@code line} finds (what it logged before it was ready
     * included).
     *
     * @throws IllegalStateException when the process exits or the timeout passes, naming its log
     */
    public Matcher awaitLog(Pattern line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = line.matcher(Files.readString(log));
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited; its log: " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no line matching " + line + " within " + timeout + "; its log: " + log);
    }

    /** How long the process took from its launch to answering its readiness check. */
    public Duration launchedToReady() {
        return launchedToReady;
    }

    /** The issuer whose tokens the service accepts: operators' and the cluster's workloads'. */
    public LocalIssuer issuer() {
        return issuer;
    }

    /** The broker the service produces to and consumes from. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The service's database, for a benchmark that compares with what PostgreSQL does alone. */
    public TestDatabase database() {
        return database;
    }

    /** The service's HTTP port on loopback. */
    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process != null) {
                process.destroy();
                process.waitFor();
            }
        } finally {
            database.close();
            broker.close();
            issuer.close();
        }
    }
}
