package io.apiguard.testing.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

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

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Broker-side categories: their INFO lines drown the application's; clients keep the app's own levels. */
    private static final List<Logger> QUIETED_LOGGERS = Stream.of("kafka", "state.change.logger",
            "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.storage", "org.apache.kafka.metadata", "org.apache.kafka.image",
            "org.apache.kafka.coordinator", "org.apache.kafka.snapshot", "org.apache.kafka.queue")
            .map(Logger::getLogger)
            .toList();
    private static volatile EmbeddedKafkaBroker shared;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private final long startMillis;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteDataOnClose,
            long startMillis) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
        this.startMillis = startMillis;
    }

    /** How to start a broker. */
    public record Options(int port, int controllerPort, Path dataDir, int defaultPartitions) {

        /** Free ports, a temporary data directory deleted on close, 3 partitions per auto-created topic. */
        public static Options ephemeral() {
            return new Options(0, 0, null, 3);
        }

        /** A fixed client port (0 = free) and a kept data directory (null = temporary). */
        public static Options of(int port, Path dataDir) {
            return new Options(port, 0, dataDir, 3);
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

    /** Starts a broker and waits until it answers; fails with {@link IllegalStateException} if it does not. */
    public static EmbeddedKafkaBroker start(Options options) {
        long started = System.nanoTime();
        QUIETED_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
        boolean temporary = options.dataDir() == null;
        try {
            Path dataDir = temporary ? Files.createTempDirectory("apiguard-kafka-") : options.dataDir();
            Files.createDirectories(dataDir);
            int port = options.port() > 0 ? options.port() : freePort();
            int controllerPort = options.controllerPort() > 0 ? options.controllerPort() : freePort();
            Properties properties = brokerProperties(port, controllerPort, dataDir.resolve("logs"), options.defaultPartitions());
            formatStorageOnce(properties, dataDir);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + port;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dataDir, temporary,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            broker.awaitReady();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka data directory", e);
        }
    }

    /** The {@code host:port} clients connect to. */
    public String bootstrapServers() {
        return bootstrapServers;
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteDataOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " not ready within " + READY_TIMEOUT, last);
    }

    static Properties brokerProperties(int port, int controllerPort, Path logDir, int defaultPartitions) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return properties;
    }

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
