package io.apiguard.logging.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.CleanupPolicy;
import io.apiguard.common.events.TopicCatalog;
import io.apiguard.common.events.TopicSpec;
import io.apiguard.common.events.Topics;
import io.apiguard.testing.kafka.EmbeddedKafkaBroker;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Compaction is what keeps the inventory: logging-service rebuilds its catalog from {@code apiguard.inventory} on
 * every start, and an API that has not changed within the topic's retention must still be known to a restarted
 * logging-service. The app starts on a broker of its own, where the inventory's history is older than a retention
 * shortened to half a second (a test-only override on top of the spec; the spec's {@code cleanup.policy=compact}
 * untouched) and the broker's log cleaner and retention checks run every 100 ms. The same history under
 * {@code cleanup.policy=delete}, with the same clocks, is gone: that is what shows the retention did pass.
 */
@QuarkusTest
@TestProfile(CompactedInventoryTest.ExpiredRetention.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class CompactedInventoryTest {

    /** The same history, under the same clocks, on a topic that deletes instead of compacting. */
    static final String DELETE_POLICY_TOPIC = "apiguard.inventory.under-delete-policy";

    static final Duration RETENTION = Duration.ofMillis(500);
    static final Duration SEGMENT_AGE = Duration.ofMillis(200);

    /** A broker of its own for this app, after the shared one (test profile resources start last). */
    public static class ExpiredRetention implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ExpiredRetentionBroker.class));
        }
    }

    /**
     * Starts the broker, writes the history, and returns only once the retention has passed on the broker (the
     * delete-policy topic is empty) and the cleaner has compacted the inventory: the app then starts on what a
     * restarted logging-service finds.
     */
    public static class ExpiredRetentionBroker implements QuarkusTestResourceLifecycleManager {

        private EmbeddedKafkaBroker broker;

        @Override
        public Map<String, String> start() {
            TopicSpec inventory = TopicCatalog.spec(Topics.INVENTORY);
            TopicSpec underDeletePolicy = new TopicSpec(
                    DELETE_POLICY_TOPIC,
                    inventory.partitions(),
                    inventory.cleanupPolicy(),
                    inventory.retention(),
                    inventory.extraConfig());
            Map<String, String> shortClocks = Map.of(
                    TopicSpec.RETENTION_MS,
                    String.valueOf(RETENTION.toMillis()),
                    "segment.ms",
                    String.valueOf(SEGMENT_AGE.toMillis()),
                    // Clean as soon as anything is dirty, not once half the log is.
                    "min.cleanable.dirty.ratio",
                    "0.01");
            Map<String, String> deleting = new LinkedHashMap<>(shortClocks);
            deleting.put(TopicSpec.CLEANUP_POLICY, CleanupPolicy.DELETE.kafkaValue());
            List<TopicSpec> topics = new ArrayList<>(TopicCatalog.all());
            topics.add(underDeletePolicy);
            broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.ephemeral()
                    .withTopics(topics)
                    .withTopicConfig(Topics.INVENTORY, shortClocks)
                    .withTopicConfig(DELETE_POLICY_TOPIC, deleting)
                    .withBrokerConfig(Map.of(
                            "log.retention.check.interval.ms", "100",
                            "log.cleaner.backoff.ms", "100",
                            "log.initial.task.delay.ms", "0")));
            String bootstrap = broker.bootstrapServers();
            InventoryHistory.write(bootstrap, SEGMENT_AGE, List.of(Topics.INVENTORY, DELETE_POLICY_TOPIC));
            // Compaction cannot take the inventory below each API's last record; a retention that deleted it would
            // take it lower, and the test's assertions say so.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> InventoryHistory.retained(bootstrap, DELETE_POLICY_TOPIC)
                                    .isEmpty()
                            && InventoryHistory.retained(bootstrap, Topics.INVENTORY)
                                            .size()
                                    <= InventoryHistory.LAST_RECORD_KEYS.size());
            return Map.of(KafkaBrokerResource.BOOTSTRAP_SERVERS_PROPERTY, bootstrap);
        }

        @Override
        public void stop() {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Inject
    ApiCatalog catalog;

    @Test
    void aRestartedCatalogKnowsEveryApiAfterTheRetentionHasPassedAndNotTheRemovedOne() throws Exception {
        // Given: the broker this app started on
        String bootstrap =
                ConfigProvider.getConfig().getValue(KafkaBrokerResource.BOOTSTRAP_SERVERS_PROPERTY, String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(topicConfig(admin, Topics.INVENTORY))
                    .as("the spec's policy, the test's clocks")
                    .containsEntry("cleanup.policy", "compact")
                    .containsEntry("retention.ms", "500");
            assertThat(topicConfig(admin, DELETE_POLICY_TOPIC))
                    .containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", "500");
        }

        // Then: under the delete policy the history is gone, the retention has passed
        assertThat(InventoryHistory.retained(bootstrap, DELETE_POLICY_TOPIC)).isEmpty();
        // the compacted inventory keeps each API's last record (an older version and a removed API's upsert gone)
        assertThat(InventoryHistory.retained(bootstrap, Topics.INVENTORY))
                .extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(InventoryHistory.LAST_RECORD_KEYS)
                .hasSizeLessThan(InventoryHistory.WRITTEN);

        // and the catalog, built from it at this start, knows every API but the removed one, each as it last was
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(catalog.size()).isEqualTo(InventoryHistory.KNOWN.size());
            for (String path : InventoryHistory.KNOWN) {
                assertThat(catalog.match(InventoryHistory.HOST, "GET", path + "/7")
                                .apiId())
                        .as(path)
                        .isEqualTo(InventoryHistory.id(path));
            }
        });
        assertThat(catalog.match(InventoryHistory.HOST, "GET", "/orders/7").pathTemplate())
                .isEqualTo("/orders/{orderNumber}");
        assertThat(catalog.match(InventoryHistory.HOST, "GET", "/legacy/7").apiId())
                .as("removed")
                .isNull();
        assertThat(catalog.liveApiIds())
                .containsExactlyInAnyOrderElementsOf(InventoryHistory.KNOWN.stream()
                        .map(InventoryHistory::id)
                        .toList());
    }

    private static Map<String, String> topicConfig(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource);
        Map<String, String> values = new LinkedHashMap<>();
        config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
        return values;
    }
}
