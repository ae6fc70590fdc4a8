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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

import io.apiguard.common.events.TopicCatalog;
import io.apiguard.common.events.TopicSpec;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), running inside the calling
 * JVM. Tests use the JVM-wide {@link SharedKafkaBroker}; the local run starts one on a fixed port and data directory.
 * Every start declares the topics of its {@link Options#topics()} (by default every apiguard topic of
 * {@link TopicCatalog}) with their partitions and configs, so no apiguard topic is left to auto-creation.
 *
 * <p>Lifecycle: {@link #start(Options)} returns once the broker answers an admin request and its topics exist.
 * {@link #stop()} shuts it down and keeps its data; {@link #restart()} starts it again on the same data directory and
 * the same ports, so clients created before carry on once it is back (fault tests: a broker restart under load).
 * {@link #close()} stops it for good and, for a temporary data directory, deletes it. All four are thread-safe.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** System property with the level of the broker's own log categories; WARN unless set (e.g. to INFO to debug). */
    public static final String LOG_LEVEL_PROPERTY = "apiguard.kafka.log-level";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(30);
    /** Free ports are only reserved until the broker binds them; another process may win that race. */
    private static final int START_ATTEMPTS_ON_FREE_PORTS = 3;
    /**
     * Broker-side categories: their INFO lines drown the application's. Clients keep the app's own levels, except
     * for the configuration dump ({@code AbstractConfig}), which the broker shares and which runs to hundreds of lines.
     */
    private static final List<String> BROKER_CATEGORIES = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.server",
            "org.apache.kafka.controller",
            "org.apache.kafka.raft",
            "org.apache.kafka.storage",
            "org.apache.kafka.metadata",
            "org.apache.kafka.image",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.queue",
            "org.apache.kafka.security",
            "org.apache.kafka.network",
            "org.apache.kafka.common.network",
            "org.apache.kafka.common.security",
            "org.apache.kafka.common.metrics",
            "org.apache.kafka.common.utils",
            "org.apache.kafka.common.config");
    /**
     * Held so the levels stick: a log context may drop a logger nobody references. JBoss LogManager's own context is
     * the one Kafka's slf4j and log4j2 calls reach, whether or not it is also the JDK's log manager.
     */
    private static volatile List<Logger> quietedLoggers = List.of();

    private final Options options;
    private final Properties properties;
    private final String bootstrapServers;
    private final String scramBootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private KafkaRaftServer server;
    private volatile long startMillis;
    private volatile boolean running;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(
            Options options,
            Properties properties,
            String bootstrapServers,
            String scramBootstrapServers,
            Path dataDir,
            boolean deleteDataOnClose) {
        this.options = options;
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
        this.scramBootstrapServers = scramBootstrapServers;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
    }

    /**
     * How to start a broker.
     *
     * @param port                 the client (PLAINTEXT) port; 0 picks a free one
     * @param controllerPort       the KRaft controller port; 0 picks a free one
     * @param dataDir              where logs and metadata live, kept on close; null for a temporary directory deleted
     *                             on close
     * @param defaultPartitions    partitions of an auto-created topic ({@code num.partitions}): topics that are not
     *                             apiguard's, such as a test's own
     * @param topics               the topics declared on every start, each with its partitions and configs
     * @param topicConfigOverrides per topic name, configs put on top of its spec (a test's tiny {@code retention.ms});
     *                             what an override does not name stays as the spec says
     * @param brokerConfigOverrides broker properties put on top of the defaults (a test's fast log cleaner)
     */
    public record Options(
            int port,
            int controllerPort,
            Path dataDir,
            int defaultPartitions,
            List<TopicSpec> topics,
            Map<String, Map<String, String>> topicConfigOverrides,
            Map<String, String> brokerConfigOverrides) {

        public Options {
            topics = List.copyOf(topics);
            topicConfigOverrides = Map.copyOf(topicConfigOverrides);
            brokerConfigOverrides = Map.copyOf(brokerConfigOverrides);
            Set<String> declared = new HashSet<>();
            topics.forEach(topic -> declared.add(topic.name()));
            for (String topic : topicConfigOverrides.keySet()) {
                if (!declared.contains(topic)) {
                    throw new IllegalArgumentException("config overrides for " + topic + ", which is not declared");
                }
            }
        }

        /** The given ports, directory and default partitions; every apiguard topic, as specified. */
        public Options(int port, int controllerPort, Path dataDir, int defaultPartitions) {
            this(port, controllerPort, dataDir, defaultPartitions, TopicCatalog.all(), Map.of(), Map.of());
        }

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
            return new Options(
                    port, controllerPort, dataDir, partitions, topics, topicConfigOverrides, brokerConfigOverrides);
        }

        /** The same options declaring {@code topics} instead (an empty list declares none). */
        public Options withTopics(List<TopicSpec> topics) {
            return new Options(
                    port, controllerPort, dataDir, defaultPartitions, topics, Map.of(), brokerConfigOverrides);
        }

        /** The same options with {@code configs} on top of {@code topic}'s spec. */
        public Options withTopicConfig(String topic, Map<String, String> configs) {
            Map<String, Map<String, String>> overrides = new LinkedHashMap<>(topicConfigOverrides);
            Map<String, String> merged = new LinkedHashMap<>(overrides.getOrDefault(topic, Map.of()));
            merged.putAll(configs);
            overrides.put(topic, merged);
            return new Options(
                    port, controllerPort, dataDir, defaultPartitions, topics, overrides, brokerConfigOverrides);
        }

        /** The same options with {@code properties} on top of the broker's defaults. */
        public Options withBrokerConfig(Map<String, String> properties) {
            Map<String, String> merged = new LinkedHashMap<>(brokerConfigOverrides);
            merged.putAll(properties);
            return new Options(port, controllerPort, dataDir, defaultPartitions, topics, topicConfigOverrides, merged);
        }

        /** The configs {@code topic} is declared with: its spec's, then this broker's overrides. */
        public Map<String, String> configsOf(TopicSpec topic) {
            return topic.configs(topicConfigOverrides.getOrDefault(topic.name(), Map.of()));
        }
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
        upsertScramUser(clientConfig(), user, password);
    }

    static void upsertScramUser(Map<String, Object> clientConfig, String user, String password) {
        try (Admin admin = Admin.create(clientConfig)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the SCRAM user " + user, e);
        } catch (Exception e) {
            throw new IllegalStateException("the SCRAM user " + user + " could not be created", e);
        }
    }

    /** Milliseconds the last start (or {@link #restart()}) took, until the broker answered and its topics existed. */
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

    /** Whether the broker is up: started, and neither stopped since nor closed. */
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops the broker and waits for it, keeping its data directory (temporary or not) and its ports for
     * {@link #restart()}. Clients created before stay open and retry, as against a cluster that lost its broker.
     * Idempotent.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * Starts the broker again, stopping it first if it is running, on the same data directory and the same ports, and
     * returns once it answers and its topics exist. Records, topics, committed offsets and SCRAM users are as they
     * were; clients created before reconnect on their own.
     *
     * @throws IllegalStateException when the broker has been closed, or does not come back (a port taken meanwhile);
     *                               it is stopped then, and may be restarted again
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the Kafka broker at " + bootstrapServers + " is closed");
        }
        stop();
        long started = System.nanoTime();
        boot();
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Stops the broker for good, waits for it, and deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
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
            // Chosen once: a restart binds the same three ports, so the clients' bootstrap addresses stay right.
            int saslPort = freePort();
            Properties properties = brokerProperties(
                    port, controllerPort, saslPort, dataDir.resolve("logs"), options.defaultPartitions());
            properties.putAll(options.brokerConfigOverrides());
            formatStorageOnce(properties, dataDir);
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                    options, properties, "127.0.0.1:" + port, "127.0.0.1:" + saslPort, dataDir, temporary);
            broker.boot();
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

    /** Starts a server on this broker's properties; a half-started one is stopped (its threads and ports released). */
    private void boot() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        running = true;
        try {
            server.startup();
            awaitReady();
            declareTopics();
        } catch (RuntimeException e) {
            try {
                stop();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /**
     * Creates the declared topics that do not exist yet, each with its spec's partitions and configs (one replica: one
     * broker). Topics a kept data directory already holds are brought to their spec: a topic created before its spec
     * changed (the inventory, before it was compacted) gets the spec's configs, and more partitions if it has fewer
     * (Kafka cannot take partitions away).
     */
    private void declareTopics() {
        if (options.topics().isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(clientConfig())) {
            List<NewTopic> wanted = options.topics().stream()
                    .map(topic ->
                            new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(options.configsOf(topic)))
                    .toList();
            Map<String, KafkaFuture<Void>> created = admin.createTopics(wanted).values();
            List<TopicSpec> existing = new ArrayList<>();
            for (TopicSpec topic : options.topics()) {
                try {
                    created.get(topic.name()).get(TOPICS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
                    }
                    existing.add(topic);
                }
            }
            if (!existing.isEmpty()) {
                alignToSpec(admin, existing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while declaring topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "the broker at " + bootstrapServers + " did not declare its topics within " + TOPICS_TIMEOUT, e);
        }
    }

    private void alignToSpec(Admin admin, List<TopicSpec> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<ConfigResource, Collection<AlterConfigOp>> configs = new LinkedHashMap<>();
        for (TopicSpec topic : topics) {
            configs.put(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                    options.configsOf(topic).entrySet().stream()
                            .map(config -> new AlterConfigOp(
                                    new ConfigEntry(config.getKey(), config.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
        }
        admin.incrementalAlterConfigs(configs).all().get(TOPICS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<String, TopicDescription> described = admin.describeTopics(
                        topics.stream().map(TopicSpec::name).toList())
                .allTopicNames()
                .get(TOPICS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<String, NewPartitions> raised = new LinkedHashMap<>();
        for (TopicSpec topic : topics) {
            if (described.get(topic.name()).partitions().size() < topic.partitions()) {
                raised.put(topic.name(), NewPartitions.increaseTo(topic.partitions()));
            }
        }
        if (!raised.isEmpty()) {
            admin.createPartitions(raised).all().get(TOPICS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
        throw new IllegalStateException(
                "Kafka broker at " + bootstrapServers + " not ready within " + READY_TIMEOUT, last);
    }

    static Properties brokerProperties(int port, int controllerPort, int saslPort, Path logDir, int defaultPartitions) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        properties.put(
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        properties.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        // A second listener that authenticates clients with SCRAM-SHA-512, as a Strimzi cluster's scram-sha-512
        // listener does: apps configured for it prove their Kafka client authentication against a real broker.
        properties.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        properties.put(
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
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
        // The log cleaner's dedupe buffer (128 MiB by default) lives on the heap of the JVM hosting the broker, a test
        // JVM; the compacted topics of a test or a local run hold far fewer keys than 8 MiB indexes.
        properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
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
        int exitCode = StorageTool.execute(
                new String[] {
                    "format",
                    "--cluster-id",
                    Uuid.randomUuid().toString(),
                    "--config",
                    configFile.toString(),
                    "--ignore-formatted"
                },
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage failed (" + exitCode + "): " + output.toString(StandardCharsets.UTF_8));
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
            List<Logger> loggers =
                    BROKER_CATEGORIES.stream().map(context::getLogger).toList();
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
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
