package io.apiguard.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process KRaft broker: records round-trip, storage is formatted once, ports and directories are released. */
class EmbeddedKafkaBrokerTest {

    @BeforeAll
    static void quietClients() {
        QuietClients.apply();
    }

    @Test
    void aRecordProducedToACreatedTopicIsConsumedBack() throws Exception {
        // Given
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();
        try (Admin admin = Admin.create(broker.clientConfig())) {
            admin.createTopics(List.of(new NewTopic("broker-test", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        // When
        try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>("broker-test", "alex.s", "hello")).get(30, TimeUnit.SECONDS);
        }

        // Then
        assertThat(consumeAll(broker.bootstrapServers(), "broker-test", 1))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("alex.s", "hello"));
    }

    @Test
    void aTopicFirstUsedByAProducerIsCreatedWithTheDefaultPartitions() throws Exception {
        // Given
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();

        // When
        try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get(30, TimeUnit.SECONDS);
        }

        // Then
        try (Admin admin = Admin.create(broker.clientConfig())) {
            assertThat(admin.describeTopics(List.of("auto-created")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("auto-created").partitions())
                    .hasSize(EmbeddedKafkaBroker.Options.ephemeral().defaultPartitions());
        }
    }

    @Test
    void theSharedBrokerIsOneBrokerPerJvmAndLogsOnlyWarningsOfItsOwn() {
        // When
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.shared();
        EmbeddedKafkaBroker second = EmbeddedKafkaBroker.shared();

        // Then
        assertThat(second).isSameAs(first);
        assertThat(first.startMillis()).as("start-up, ms").isPositive().isLessThan(60_000);
        assertThat(LogContext.getLogContext().getLogger("kafka.server.BrokerServer").getEffectiveLevel())
                .isEqualTo(Level.WARN.intValue());
        assertThat(LogContext.getLogContext().getLogger("org.apache.kafka.controller.QuorumController")
                .getEffectiveLevel()).isEqualTo(Level.WARN.intValue());
    }

    @Test
    void aBrokerOnAKeptDataDirectoryFormatsItOnceAndKeepsTopicsAcrossRestarts(@TempDir Path dataDir) throws Exception {
        // Given
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(0, dataDir));
                Admin admin = Admin.create(first.clientConfig())) {
            admin.createTopics(List.of(new NewTopic("kept-topic", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
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
        assertThat(dataDir.resolve("logs/meta.properties")).as("a given data directory is kept").exists();
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
            EmbeddedKafkaBroker.Options options = new EmbeddedKafkaBroker.Options(taken.getLocalPort(), controllerPort,
                    null, 1);

            // When / Then
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(options))
                    .hasStackTraceContaining("Address already in use");
        }
        assertThat(canBind(controllerPort)).as("the half-started controller was shut down").isTrue();
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

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "broker-test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
