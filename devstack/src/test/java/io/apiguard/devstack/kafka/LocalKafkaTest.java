package io.apiguard.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.apiguard.common.events.TopicCatalog;
import io.apiguard.common.events.TopicSpec;
import io.apiguard.common.events.Topics;
import io.apiguard.testing.kafka.EmbeddedKafkaBroker;

class LocalKafkaTest {

    private final Logger root = Logger.getLogger("");
    private List<Handler> original;

    @BeforeEach
    void rememberHandlers() {
        original = List.of(root.getHandlers());
    }

    @AfterEach
    void restoreHandlers() {
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
            handler.close();
        }
        original.forEach(root::addHandler);
    }

    @Test
    void theLocalBrokerHasEveryApiguardTopicAsTheCatalogueSpecifiesIt(@TempDir Path dir) throws Exception {
        // When
        try (EmbeddedKafkaBroker broker = LocalKafka.start(0, dir.resolve("kafka"), dir.resolve("logs/kafka.log"));
                Admin admin = Admin.create(broker.clientConfig())) {

            // Then
            Map<String, TopicDescription> topics = admin.describeTopics(
                            TopicCatalog.all().stream().map(TopicSpec::name).toList())
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            TopicCatalog.all()
                    .forEach(spec -> assertThat(topics.get(spec.name()).partitions())
                            .as(spec.name())
                            .hasSize(spec.partitions()));
            ConfigResource inventory = new ConfigResource(ConfigResource.Type.TOPIC, Topics.INVENTORY);
            assertThat(admin.describeConfigs(List.of(inventory))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(inventory)
                            .get("cleanup.policy")
                            .value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void logRecordsGoToTheFileInsteadOfTheConsole(@TempDir Path dir) throws Exception {
        // Given
        Path log = dir.resolve("logs/kafka.log");

        // When
        LocalKafka.logTo(log);
        Logger.getLogger("kafka.server.BrokerServer").warning("broker says {0}");

        // Then
        assertThat(root.getHandlers()).hasSize(1);
        assertThat(Files.readString(log)).contains("WARNING [kafka.server.BrokerServer] broker says {0}");
    }
}
