package io.apiguard.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.TopicCatalog;
import io.apiguard.common.events.TopicSpec;

/** The Quarkus test resource hands the shared broker, every apiguard topic declared, to the app and leaves it running. */
class KafkaBrokerResourceTest {

    @BeforeAll
    static void quietClients() {
        QuietClients.apply();
    }

    @Test
    void theAppIsPointedAtTheSharedBrokerWhichOutlivesTheResource() throws Exception {
        // Given
        KafkaBrokerResource resource = new KafkaBrokerResource();

        // When
        Map<String, String> config = resource.start();
        resource.stop();

        // Then
        assertThat(config)
                .containsOnlyKeys("kafka.bootstrap.servers")
                .containsEntry("kafka.bootstrap.servers", SharedKafkaBroker.bootstrapServers())
                .containsEntry(KafkaBrokerResource.BOOTSTRAP_SERVERS_PROPERTY, KafkaBrokerResource.bootstrapServers());
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap.servers")))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .as("still up after stop()")
                    .hasSize(1);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .as("every apiguard topic, declared")
                    .containsAll(
                            TopicCatalog.all().stream().map(TopicSpec::name).toList());
        }
    }
}
