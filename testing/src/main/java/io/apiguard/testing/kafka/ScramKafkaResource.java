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
    /** Where the password lives: a JVM-wide system property, since this class may be loaded by several class loaders. */
    private static final String PASSWORD_PROPERTY = "apiguard.test.kafka.scram-password";

    @Override
    public Map<String, String> start() {
        String password = password();
        SharedKafkaBroker.scramUser(USER, password);
        return Map.of(
                KafkaBrokerResource.BOOTSTRAP_SERVERS_PROPERTY,
                SharedKafkaBroker.listeners().scramBootstrapServers(),
                "kafka.security.protocol",
                "SASL_PLAINTEXT",
                "kafka.sasl.mechanism",
                "SCRAM-SHA-512",
                "kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
                        + password + "\";");
    }

    /**
     * One password per JVM: Quarkus starts a profile's resources more than once, from more than one class loader, and a
     * new password for the same user would lock out the app already configured with the first.
     */
    private static String password() {
        synchronized (System.class) {
            String password = System.getProperty(PASSWORD_PROPERTY);
            if (password == null) {
                password = UUID.randomUUID().toString();
                System.setProperty(PASSWORD_PROPERTY, password);
            }
            return password;
        }
    }

    @Override
    public void stop() {
        // The broker is shared by every test application of this JVM.
    }
}
