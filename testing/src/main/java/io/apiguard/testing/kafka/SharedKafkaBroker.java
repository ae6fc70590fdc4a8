package io.apiguard.testing.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The one Kafka broker of this test JVM, shared by every Quarkus test application it runs: started on first use, on
 * free ports, every apiguard topic declared, and stopped by a shutdown hook.
 *
 * <p>One per JVM, not per class loader: Quarkus loads the test kit anew for each application it starts (each test
 * profile, each set of test resources), so a plain static field would start a broker per application and keep every
 * one of them running until the JVM exits, each with its own log cleaner buffers and request threads, until the heap
 * runs out. The first loader to start the broker publishes its listeners in system properties and the others connect
 * to it; they coordinate on an interned string, the one monitor every loader shares.
 */
public final class SharedKafkaBroker {

    /** Holds the PLAINTEXT listener; outside the {@code apiguard.} namespace the apps' config mappings own. */
    static final String BOOTSTRAP_PROPERTY = "io.apiguard.testing.kafka.bootstrap-servers";
    /** Holds the SCRAM-SHA-512 (SASL_PLAINTEXT) listener. */
    static final String SCRAM_BOOTSTRAP_PROPERTY = "io.apiguard.testing.kafka.scram-bootstrap-servers";

    /** A string literal is interned: the same object in every class loader of this JVM. */
    private static final String JVM_WIDE_LOCK = "io.apiguard.testing.kafka.SharedKafkaBroker";

    private SharedKafkaBroker() {}

    /** Where the shared broker listens; starts it if no loader of this JVM has yet. */
    public static Listeners listeners() {
        synchronized (JVM_WIDE_LOCK) {
            String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
            String scram = System.getProperty(SCRAM_BOOTSTRAP_PROPERTY);
            if (bootstrap == null || scram == null) {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.ephemeral());
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "apiguard-kafka-shutdown"));
                bootstrap = broker.bootstrapServers();
                scram = broker.scramBootstrapServers();
                System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
                System.setProperty(SCRAM_BOOTSTRAP_PROPERTY, scram);
            }
            return new Listeners(bootstrap, scram);
        }
    }

    /** The shared broker's PLAINTEXT {@code host:port}; starts it if needed. */
    public static String bootstrapServers() {
        return listeners().bootstrapServers();
    }

    /**
     * Creates (or replaces) the SCRAM-SHA-512 credential of {@code user} on the shared broker, as Strimzi's user operator
     * does for a {@code KafkaUser}.
     */
    public static void scramUser(String user, String password) {
        EmbeddedKafkaBroker.upsertScramUser(listeners().clientConfig(), user, password);
    }

    /**
     * The shared broker's listeners.
     *
     * @param bootstrapServers      PLAINTEXT {@code host:port}
     * @param scramBootstrapServers SASL_PLAINTEXT {@code host:port}, clients authenticate with SCRAM-SHA-512
     */
    public record Listeners(String bootstrapServers, String scramBootstrapServers) {

        /** Admin and client configuration pointing at the PLAINTEXT listener. */
        public Map<String, Object> clientConfig() {
            return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
    }
}
