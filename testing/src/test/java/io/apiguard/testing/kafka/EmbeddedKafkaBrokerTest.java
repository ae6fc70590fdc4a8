package io.apiguard.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.apiguard.common.events.CleanupPolicy;
import io.apiguard.common.events.TopicCatalog;
import io.apiguard.common.events.TopicSpec;
import io.apiguard.common.events.Topics;

/**
 * The in-process KRaft broker: records round-trip, every apiguard topic is declared with its spec, storage is formatted
 * once, a restart keeps data, ports and clients, and ports and directories are released.
 */
class EmbeddedKafkaBrokerTest {

    @BeforeAll
    static void quietClients() {
        QuietClients.apply();
    }

    @Test
    void aRecordProducedToACreatedTopicIsConsumedBack() throws Exception {
        // Given
        SharedKafkaBroker.Listeners broker = SharedKafkaBroker.listeners();
        try (Admin admin = Admin.create(broker.clientConfig())) {
            admin.createTopics(List.of(new NewTopic("broker-test", 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }

        // When
        try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>("broker-test", "alex.s", "hello"))
                    .get(30, TimeUnit.SECONDS);
        }

        // Then
        assertThat(consumeAll(broker.bootstrapServers(), "broker-test", 1))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("alex.s", "hello"));
    }

    @Test
    void aTopicFirstUsedByAProducerIsCreatedWithTheDefaultPartitions() throws Exception {
        // Given
        SharedKafkaBroker.Listeners broker = SharedKafkaBroker.listeners();

        // When
        try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get(30, TimeUnit.SECONDS);
        }

        // Then
        try (Admin admin = Admin.create(broker.clientConfig())) {
            assertThat(admin.describeTopics(List.of("auto-created"))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get("auto-created")
                            .partitions())
                    .hasSize(EmbeddedKafkaBroker.Options.ephemeral().defaultPartitions());
        }
    }

    @Test
    void theSharedBrokerIsOneBrokerPerJvmAndLogsOnlyWarningsOfItsOwn() {
        // When
        SharedKafkaBroker.Listeners first = SharedKafkaBroker.listeners();
        SharedKafkaBroker.Listeners second = SharedKafkaBroker.listeners();

        // Then
        assertThat(second).isEqualTo(first);
        assertThat(LogContext.getLogContext()
                        .getLogger("kafka.server.BrokerServer")
                        .getEffectiveLevel())
                .isEqualTo(Level.WARN.intValue());
        assertThat(LogContext.getLogContext()
                        .getLogger("org.apache.kafka.controller.QuorumController")
                        .getEffectiveLevel())
                .isEqualTo(Level.WARN.intValue());
    }

    @Test
    void aSecondClassLoaderOfTheTestKitGetsTheSameBrokerNotANewOne() throws Exception {
        // Given: the test kit loaded again, as Quarkus does for each test application it starts
        String first = SharedKafkaBroker.bootstrapServers();
        URL testKit =
                SharedKafkaBroker.class.getProtectionDomain().getCodeSource().getLocation();

        try (URLClassLoader secondLoader = new TestKitFirstLoader(testKit)) {
            Class<?> secondCopy = secondLoader.loadClass(SharedKafkaBroker.class.getName());
            assertThat(secondCopy).isNotSameAs(SharedKafkaBroker.class);

            // When
            Object second = secondCopy.getMethod("bootstrapServers").invoke(null);

            // Then
            assertThat(second).as("the broker the second loader is pointed at").isEqualTo(first);
        }
    }

    /** Loads the test kit's Kafka classes itself, everything else from the application class loader. */
    private static final class TestKitFirstLoader extends URLClassLoader {

        TestKitFirstLoader(URL testKit) {
            super(new URL[] {testKit}, EmbeddedKafkaBrokerTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(SharedKafkaBroker.class.getPackageName() + ".")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }

    @Test
    void aBrokerOnAKeptDataDirectoryFormatsItOnceAndKeepsTopicsAcrossRestarts(@TempDir Path dataDir) throws Exception {
        // Given
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(0, dataDir));
                Admin admin = Admin.create(first.clientConfig())) {
            admin.createTopics(List.of(new NewTopic("kept-topic", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        String metaProperties = Files.readString(dataDir.resolve("logs/meta.properties"));

        // When
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(0, dataDir));
                Admin admin = Admin.create(second.clientConfig())) {

            // Then
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept-topic");
            assertThat(Files.readString(dataDir.resolve("logs/meta.properties")))
                    .as("same cluster id: the storage was not formatted again")
                    .isEqualTo(metaProperties);
        }
        assertThat(dataDir.resolve("logs/meta.properties"))
                .as("a given data directory is kept")
                .exists();
    }

    @Test
    void everyTopicOfTheCatalogueIsDeclaredWithItsPartitionsAndConfigs() throws Exception {
        // Given
        SharedKafkaBroker.Listeners broker = SharedKafkaBroker.listeners();

        try (Admin admin = Admin.create(broker.clientConfig())) {
            // When
            Map<String, TopicDescription> topics = describe(admin, TopicCatalog.all());
            Map<String, Map<String, String>> configs = configs(admin, TopicCatalog.all());

            // Then
            for (TopicSpec spec : TopicCatalog.all()) {
                assertThat(topics.get(spec.name()).partitions())
                        .as("partitions of %s", spec.name())
                        .hasSize(spec.partitions());
                assertThat(configs.get(spec.name()))
                        .as("configs of %s", spec.name())
                        .containsAllEntriesOf(spec.configs());
            }
            assertThat(configs.get(Topics.INVENTORY)).containsEntry("cleanup.policy", "compact");
        }
    }

    @Test
    void aKeptTopicDeclaredBeforeItsSpecChangedIsBroughtToTheSpecOnTheNextStart(@TempDir Path dataDir)
            throws Exception {
        // Given: the inventory as the local run created it before it was compacted
        EmbeddedKafkaBroker.Options undeclared =
                EmbeddedKafkaBroker.Options.of(0, dataDir).withTopics(List.of());
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(undeclared);
                Admin admin = Admin.create(first.clientConfig())) {
            admin.createTopics(List.of(
                            new NewTopic(Topics.INVENTORY, 1, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }

        // When
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(0, dataDir));
                Admin admin = Admin.create(second.clientConfig())) {

            // Then
            // (the broker applies the controller's metadata a moment after the change is committed)
            TopicSpec inventory = TopicCatalog.spec(Topics.INVENTORY);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(configs(admin, List.of(inventory)).get(Topics.INVENTORY))
                        .containsAllEntriesOf(inventory.configs());
                assertThat(describe(admin, List.of(inventory))
                                .get(Topics.INVENTORY)
                                .partitions())
                        .hasSize(inventory.partitions());
            });
        }
    }

    @Test
    void aTopicConfigOverrideGoesOnTopOfTheSpecAndKeepsWhatItDoesNotName() throws Exception {
        // Given
        TopicSpec spec = TopicSpec.compacted("override-test", 2, Map.of("segment.ms", "3600000"));
        EmbeddedKafkaBroker.Options options = EmbeddedKafkaBroker.Options.ephemeral()
                .withTopics(List.of(spec))
                .withTopicConfig("override-test", Map.of("retention.ms", "100"))
                .withTopicConfig("override-test", Map.of("segment.ms", "100"))
                .withBrokerConfig(Map.of("log.retention.check.interval.ms", "1000"));

        // When
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options);
                Admin admin = Admin.create(broker.clientConfig())) {

            // Then
            assertThat(configs(admin, List.of(spec)).get("override-test"))
                    .containsEntry("cleanup.policy", CleanupPolicy.COMPACT.kafkaValue())
                    .containsEntry("retention.ms", "100")
                    .containsEntry("segment.ms", "100");
            assertThat(describe(admin, List.of(spec)).get("override-test").partitions())
                    .hasSize(2);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(Topics.INVENTORY);
        }
        assertThatThrownBy(() -> EmbeddedKafkaBroker.Options.ephemeral()
                        .withTopics(List.of(spec))
                        .withTopicConfig(Topics.CALLS, Map.of("retention.ms", "100")))
                .hasMessageContaining("apiguard.calls, which is not declared");
    }

    @Test
    void aRestartKeepsTheDataAndThePortsAndClientsCreatedBeforeCarryOn() throws Exception {
        // Given: a broker with records (one partition: one order), a producer and a consumer that has read them
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                        EmbeddedKafkaBroker.Options.ephemeral().withDefaultPartitions(1));
                KafkaProducer<String, String> producer = producer(broker.bootstrapServers());
                KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), "restart-group")) {
            String bootstrap = broker.bootstrapServers();
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>("restart-test", "k" + i, "before-" + i))
                        .get(30, TimeUnit.SECONDS);
            }
            consumer.subscribe(Set.of("restart-test"));
            List<String> seen = new ArrayList<>();
            pollUntil(consumer, seen, 3);
            consumer.commitSync();

            // When: it stops, a record is sent while it is down, and it comes back
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThat(canBind(portOf(bootstrap)))
                    .as("client port released while stopped")
                    .isTrue();
            // A send to a broker that is down blocks (up to max.block.ms) waiting for metadata: a thread of its own.
            CompletableFuture<RecordMetadata> whileDown = CompletableFuture.supplyAsync(() -> {
                try {
                    return producer.send(new ProducerRecord<>("restart-test", "k4", "while-down"))
                            .get(90, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            broker.restart();

            // Then: same address, the pending record delivered, the old clients carry on
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            await().atMost(Duration.ofSeconds(60)).until(whileDown::isDone);
            assertThat(whileDown.get().offset()).isEqualTo(3);
            producer.send(new ProducerRecord<>("restart-test", "k5", "after")).get(30, TimeUnit.SECONDS);
            pollUntil(consumer, seen, 5);
            assertThat(seen).containsExactly("before-1", "before-2", "before-3", "while-down", "after");
            assertThat(consumeAll(bootstrap, "restart-test", 5))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before-1", "before-2", "before-3", "while-down", "after");
        }
    }

    @Test
    void aRestartThatCannotBindItsPortFailsClearlyLeavesTheBrokerStoppedAndCanBeTriedAgain() throws Exception {
        // Given
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                EmbeddedKafkaBroker.Options.ephemeral().withTopics(List.of()))) {
            broker.stop();
            try (ServerSocket taken =
                    new ServerSocket(portOf(broker.bootstrapServers()), 1, InetAddress.getLoopbackAddress())) {

                // When / Then
                assertThatThrownBy(broker::restart).hasStackTraceContaining("Address already in use");
                assertThat(broker.isRunning()).isFalse();
            }
            broker.restart();
            assertThat(broker.isRunning()).isTrue();
            try (Admin admin = Admin.create(broker.clientConfig())) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(1);
            }
        }
    }

    @Test
    void aTopicTheBrokerRefusesFailsTheStartAndLeavesNothingRunning() throws Exception {
        // Given
        int port = EmbeddedKafkaBroker.freePort();
        TopicSpec refused = TopicSpec.compacted("refused-topic", 1, Map.of("segment.ms", "-5"));

        // When / Then
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(
                        new EmbeddedKafkaBroker.Options(port, 0, null, 1).withTopics(List.of(refused))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not create topic refused-topic");
        assertThat(canBind(port)).as("the broker was shut down").isTrue();
    }

    @Test
    void aClosedBrokerCannotBeRestartedAndStoppingTwiceIsHarmless() {
        // Given
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                EmbeddedKafkaBroker.Options.ephemeral().withTopics(List.of()));
        broker.stop();
        broker.stop();

        // When
        broker.close();

        // Then
        assertThatThrownBy(broker::restart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(broker.dataDir()).doesNotExist();
    }

    @Test
    void closingFreesThePortAndDeletesATemporaryDataDirectory() throws Exception {
        // Given
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.ephemeral());
        int port = portOf(broker.bootstrapServers());
        Path dataDir = broker.dataDir();

        // When
        broker.close();
        broker.close();

        // Then
        assertThat(dataDir).doesNotExist();
        assertThat(canBind(port)).as("client port free again").isTrue();
    }

    @Test
    void aPortAlreadyTakenFailsTheStartClearlyAndLeavesNothingRunning() throws IOException {
        // Given
        int controllerPort = EmbeddedKafkaBroker.freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedKafkaBroker.Options options =
                    new EmbeddedKafkaBroker.Options(taken.getLocalPort(), controllerPort, null, 1);

            // When / Then
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(options))
                    .hasStackTraceContaining("Address already in use");
        }
        assertThat(canBind(controllerPort))
                .as("the half-started controller was shut down")
                .isTrue();
    }

    @Test
    void theBrokerLogLevelAcceptsLog4jAndJdkNamesAndDefaultsToWarn() {
        // When / Then
        assertThat(EmbeddedKafkaBroker.brokerLogLevel(null)).isEqualTo(Level.WARN);
        assertThat(EmbeddedKafkaBroker.brokerLogLevel("info")).isEqualTo(Level.INFO);
        assertThat(EmbeddedKafkaBroker.brokerLogLevel("FINE")).isEqualTo(java.util.logging.Level.FINE);
    }

    static int portOf(String bootstrapServers) {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    static boolean canBind(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (java.net.BindException e) {
            return false;
        }
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<TopicSpec> topics) throws Exception {
        return admin.describeTopics(topics.stream().map(TopicSpec::name).toList())
                .allTopicNames()
                .get(30, TimeUnit.SECONDS);
    }

    /** The topics' configs as the broker reports them, defaults included. */
    private static Map<String, Map<String, String>> configs(Admin admin, List<TopicSpec> topics) throws Exception {
        Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                        .toList())
                .all()
                .get(30, TimeUnit.SECONDS);
        return configs.entrySet().stream()
                .collect(Collectors.toMap(
                        entry -> entry.getKey().name(),
                        entry -> entry.getValue().entries().stream()
                                .filter(config -> config.value() != null)
                                .collect(Collectors.toMap(config -> config.name(), config -> config.value()))));
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group + "-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new StringDeserializer());
    }

    private static void pollUntil(KafkaConsumer<String, String> consumer, List<String> values, int expected) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            return values.size() >= expected;
        });
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "broker-test-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
