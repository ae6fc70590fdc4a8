package io.apiguard.testing.kafka;

import org.jboss.logmanager.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/** Keeps this module's test output readable: Kafka clients log every connection and metrics step at INFO. */
final class QuietClients {

    /** Held so the level sticks for the life of the test JVM. */
    private static final Logger CLIENTS = LogContext.getLogContext().getLogger("org.apache.kafka.clients");

    private static final Logger TELEMETRY = LogContext.getLogContext().getLogger("org.apache.kafka.common.telemetry");

    private QuietClients() {}

    static void apply() {
        CLIENTS.setLevel(Level.WARN);
        TELEMETRY.setLevel(Level.WARN);
    }
}
