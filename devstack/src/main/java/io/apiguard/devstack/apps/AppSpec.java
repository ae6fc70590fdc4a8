package io.apiguard.devstack.apps;

import java.nio.file.Path;
import java.util.Map;

/**
 * One app of the local run.
 *
 * @param name       the app's name, e.g. {@code discovery-service}
 * @param module     the Maven module whose {@code target/quarkus-app/quarkus-run.jar} runs it
 * @param port       its HTTP port (the admin port for the sidecar)
 * @param properties system properties passed to it ({@code -Dkey=value}), e.g. database and Kafka addresses
 */
public record AppSpec(String name, String module, int port, Map<String, String> properties) {

    public AppSpec {
        properties = Map.copyOf(properties);
    }

    /** The runnable jar below the repository root. */
    public Path jar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Base URL of the app's HTTP server. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }
}
