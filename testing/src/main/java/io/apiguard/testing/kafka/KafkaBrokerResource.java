package io.apiguard.testing.kafka;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test application at this JVM's {@link SharedKafkaBroker}: add
 * {@code @WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)} to a test class. The broker
 * starts with the first test application that asks, with every apiguard topic declared as
 * {@link io.apiguard.common.events.TopicCatalog} specifies it; it outlives application restarts (test profiles) and
 * stops with the JVM.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /**
     * The one property the app needs: SmallRye Kafka uses it for every channel without its own
     * {@code bootstrap.servers}, and its presence keeps Kafka Dev Services off.
     */
    public static final String BOOTSTRAP_SERVERS_PROPERTY = "kafka.bootstrap.servers";

    @Override
    public Map<String, String> start() {
        return Map.of(BOOTSTRAP_SERVERS_PROPERTY, bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker is shared by every test application of this JVM; its shutdown hook stops it.
    }

    /** The shared broker's {@code host:port}, for tests that use plain Kafka clients; starts it if needed. */
    public static String bootstrapServers() {
        return SharedKafkaBroker.bootstrapServers();
    }
}
