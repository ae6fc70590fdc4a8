package io.apiguard.testing.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), running inside the calling
 * JVM. Tests use the JVM-wide {@link #shared()} broker; the local run starts one on a fixed port and data directory.
 *
 * <p>Lifecycle: {@link #start(Options)} returns once the broker answers an admin request; {@link #close()} shuts it
 * down and, for a temporary data directory, deletes it. Thread-safe for those two calls; not restartable.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** System property with the level of the broker's own log categories; WARN unless set (e.g. to INFO to debug). */
    public static final String LOG_LEVEL_PROPERTY = "apiguard.kafka.log-level";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Free ports are only reserved until the broker binds them; another process may win that race. */
    private static final int START_ATTEMPTS_ON_FREE_PORTS = 3;
    /**
     * Broker-side categories: their INFO lines drown the application's. Clients keep the app's own levels, except
     * for the configuration dump ({@code AbstractConfig}), which the broker shares and which runs to hundreds of lines.
     */
    private static final List<String> BROKER_CATEGORIES = List.of("kafka", "state.change.logger",
            "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.storage", "org.apache.kafka.metadata", "org.apache.kafka.image",
            "org.apache.kafka.coordinator", "org.apache.kafka.snapshot", "org.apache.kafka.queue",
            "org.apache.kafka.security", "org.apache.kafka.network", "org.apache.kafka.common.network",
            "org.apache.kafka.common.security", "org.apache.kafka.common.metrics", "org.apache.kafka.common.utils",
            "org.apache.kafka.common.config");
    /**
     * Held so the levels stick: a log context may drop a logger nobody references. JBoss LogManager's own context is
     * the one Kafka's slf4j and log4j2 calls reach, whether or not it is also the JDK's log manager.
     */
    private static volatile List<Logger> quietedLoggers = List.of();
    private static volatile EmbeddedKafkaBroker shared;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String scramBootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private volatile long startMillis;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, String scramBootstrapServers,
            Path dataDir, boolean deleteDataOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.scramBootstrapServers = scramBootstrapServers;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
    }

    /**
     * How to start a broker.
     *
     * @param port              the client (PLAINTEXT) port; 0 picks a free one
     * @param controllerPort    the KRaft controller port; 0 picks a free one
     * @param dataDir           where logs and metadata live, kept on close; null for a temporary directory deleted on
     *                          close
     * @param defaultPartitions partitions of an auto-created topic ({@code num.partitions})
     */
    public record Options(int port, int controllerPort, Path dataDir, int defaultPartitions) {

        /** Free ports, a temporary data directory deleted on close, 3 partitions per auto-created topic. */
        public static Options ephemeral() {
            return new Options(0, 0, null, 3);
        }

        /** A fixed client port (0 = free) and a kept data directory (null = temporary). */
        public static Options of(int port, Path dataDir) {
            return new Options(port, 0, dataDir, 3);
        }

        /** The same options with {@code partitions} per auto-created topic. */
        public Options withDefaultPartitions(int partitions) {
            return new Options(port, controllerPort, dataDir, partitions);
        }
    }

    /**
     * The broker of this JVM, started on first use and stopped by a shutdown hook, so every Quarkus test application
     * (and every test profile restart) in one test JVM shares one broker.
     */
    public static EmbeddedKafkaBroker shared() {
        EmbeddedKafkaBroker broker = shared;
        if (broker == null) {
            synchronized (EmbeddedKafkaBroker.class) {
                broker = shared;
                if (broker == null) {
                    broker = start(Options.ephemeral());
                    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "apiguard-kafka-shutdown"));
                    shared = broker;
                }
            }
        }
        return broker;
    }

    /**
     * Starts a broker and waits until it answers. A broker on free ports that loses a port to another process is
     * retried on new ports.
     *
     * @throws IllegalStateException when the broker does not start or answer; nothing is left running then
     */
    public static EmbeddedKafkaBroker start(Options options) {
        quietBrokerLogging();
        boolean freePorts = options.port() <= 0 && options.controllerPort() <= 0;
        int attempts = freePorts ? START_ATTEMPTS_ON_FREE_PORTS : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(options);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !causedBy(e, BindException.class)) {
                    throw e;
                }
            }
        }
    }

    /** The {@code host:port} clients connect to. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code host:port} of the listener that authenticates clients with SCRAM-SHA-512 (SASL_PLAINTEXT). */
    public String scramBootstrapServers() {
        return scramBootstrapServers;
    }

    /**
     * Creates (or replaces) the SCRAM-SHA-512 credential of {@code user}, as Strimzi's user operator does for a
     * {@code KafkaUser}; the client then authenticates on {@link #scramBootstrapServers()}.
     */
    public void scramUser(String user, String password) {
        try (Admin admin = Admin.create(clientConfig())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the SCRAM user " + user, e);
        } catch (Exception e) {
            throw new IllegalStateException("the SCRAM user " + user + " could not be created", e);
        }
    }

    /** Milliseconds from {@link #start(Options)} until the broker answered its first admin request. */
    public long startMillis() {
        return startMillis;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Client configuration pointing at this broker, for tests that use plain Kafka clients. */
    public Map<String, Object> clientConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** Stops the broker, waits for it, and deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteDataOnClose) {
                deleteRecursively(dataDir);
            }
        }
    }

    private static EmbeddedKafkaBroker startOnce(Options options) {
        long started = System.nanoTime();
        boolean temporary = options.dataDir() == null;
        Path dataDir = null;
        try {
            dataDir = temporary ? Files.createTempDirectory("apiguard-kafka-") : options.dataDir();
            Files.createDirectories(dataDir);
            int port = options.port() > 0 ? options.port() : freePort();
            int controllerPort = options.controllerPort() > 0 ? options.controllerPort() : freePort();
            int saslPort = freePort();
            Properties properties = brokerProperties(port, controllerPort, saslPort, dataDir.resolve("logs"),
                    options.defaultPartitions());
            formatStorageOnce(properties, dataDir);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, "127.0.0.1:" + port, "127.0.0.1:" + saslPort,
                    dataDir, temporary);
            try {
                server.startup();
                broker.awaitReady();
            } catch (RuntimeException e) {
                // A half-started server keeps its controller threads and ports; close() releases them.
                closeQuietly(broker, e);
                throw e;
            }
            broker.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return broker;
        } catch (IOException e) {
            if (temporary && dataDir != null) {
                deleteRecursively(dataDir);
            }
            throw new UncheckedIOException("could not prepare the Kafka data directory", e);
        } catch (RuntimeException e) {
            if (temporary && dataDir != null) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    // Each attempt blocks up to the API timeout, so this loop does not spin.
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka at " + bootstrapServers, e);
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " not ready within " + READY_TIMEOUT,
                last);
    }

    static Properties brokerProperties(int port, int controllerPort, int saslPort, Path logDir, int defaultPartitions) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:"
                + saslPort);
        properties.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        // A second listener that authenticates clients with SCRAM-SHA-512, as a Strimzi cluster's scram-sha-512
        // listener does: apps configured for it prove their Kafka client authentication against a real broker.
        properties.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        properties.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDir.toString());
        properties.put("num.partitions", String.valueOf(defaultPartitions));
        properties.put("auto.create.topics.enable", "true");
        // One node: every internal topic has one replica, and few partitions keep start-up and group joins fast.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        // Consumer groups form at once instead of waiting 3 s for more members that never come.
        properties.put("group.initial.rebalance.delay.ms", "0");
        // Test data needs no fsync per batch; the OS page cache is durable enough for a kept local-run directory.
        properties.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return properties;
    }

    /**
     * Formats the storage (cluster id, bootstrap metadata) only when it has never been formatted, so a kept data
     * directory keeps its topics and offsets across restarts. Static quorum ({@code controller.quorum.voters}), hence
     * no {@code --standalone}.
     */
    private static void formatStorageOnce(Properties properties, Path dataDir) throws IOException {
        Path logDir = Path.of(properties.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            properties.store(out, "apiguard embedded Kafka broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // execute() reports failures through its return code; main() would call System.exit.
        int exitCode = StorageTool.execute(new String[] {
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString(),
                "--ignore-formatted" }, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (" + exitCode + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void quietBrokerLogging() {
        if (!quietedLoggers.isEmpty()) {
            return;
        }
        synchronized (EmbeddedKafkaBroker.class) {
            if (!quietedLoggers.isEmpty()) {
                return;
            }
            Level level = brokerLogLevel(System.getProperty(LOG_LEVEL_PROPERTY));
            LogContext context = LogContext.getLogContext();
            List<Logger> loggers = BROKER_CATEGORIES.stream().map(context::getLogger).toList();
            loggers.forEach(logger -> logger.setLevel(level));
            quietedLoggers = loggers;
        }
    }

    /** Log4j-style names ({@code WARN}, {@code DEBUG}) or JDK ones ({@code WARNING}, {@code FINE}); WARN if unset. */
    static Level brokerLogLevel(String name) {
        if (name == null || name.isBlank()) {
            return org.jboss.logmanager.Level.WARN;
        }
        return org.jboss.logmanager.Level.parse(name.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether {@code type} is anywhere in the cause chain, as Kafka wraps a failed bind in its own exceptions. */
    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(EmbeddedKafkaBroker broker, RuntimeException failure) {
        try {
            broker.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
