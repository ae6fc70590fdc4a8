package io.apiguard.testing.kafka;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test application at this JVM's shared {@link EmbeddedKafkaBroker}: add
 * {@code @QuarkusTestResource(KafkaBrokerResource.class)} to a test class. The broker outlives application restarts
 * and stops with the JVM.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker is shared by every test application of this JVM; its shutdown hook stops it.
    }

    /** The shared broker's address, for tests that use plain Kafka clients. */
    public static String bootstrapServers() {
        return EmbeddedKafkaBroker.shared().bootstrapServers();
    }
}
