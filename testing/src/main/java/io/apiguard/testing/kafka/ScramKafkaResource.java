package io.apiguard.testing.kafka;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test application at the shared broker's SCRAM-SHA-512 listener as a user of its own, with exactly
 * the client settings the Helm chart renders for {@code kafka.authentication.type: scram-sha-512}
 * ({@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config}): every channel, the
 * DLQ producers and the readiness check's admin client must authenticate, or the app never becomes ready. Use it in a
 * test profile's {@code testResources()}.
 */
public class ScramKafkaResource implements QuarkusTestResourceLifecycleManager {

    /** The user the app authenticates as. */
    public static final String USER = "apiguard-test-app";

    @Override
    public Map<String, String> start() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();
        String password = UUID.randomUUID().toString();
        broker.scramUser(USER, password);
        return Map.of(
                KafkaBrokerResource.BOOTSTRAP_SERVERS_PROPERTY, broker.scramBootstrapServers(),
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"" + password + "\";");
    }

    @Override
    public void stop() {
        // The broker is shared by every test application of this JVM.
    }
}
