package io.apiguard.devstack.apps;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import io.apiguard.devstack.config.LocalPorts;

/**
 * One app of the local run.
 *
 * @param name        the app's name, e.g. {@code discovery-service}; also the name of its log file
 * @param jar         the {@code quarkus-run.jar} that runs it
 * @param port        its Quarkus HTTP port (for the sidecar: the admin port, not the proxy's)
 * @param properties  system properties passed to it as {@code -Dkey=value}: ports, Kafka and database addresses
 * @param environment environment variables added to its own: secrets go here, where {@code ps} does not show them
 */
public record AppSpec(
        String name, Path jar, int port, Map<String, String> properties, Map<String, String> environment) {

    public AppSpec {
        properties = Map.copyOf(properties);
        environment = Map.copyOf(environment);
    }

    /** Where a person reaches the app. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Where health, metrics and the OpenAPI document are: the app's management interface. */
    public String managementUrl() {
        return "http://localhost:" + LocalPorts.management(port);
    }

    /**
     * Where the local run asks whether the app is ready (its management interface); an IP, since "localhost" may
     * resolve to ::1 first.
     */
    public URI readinessUrl() {
        return URI.create("http://127.0.0.1:" + LocalPorts.management(port) + "/q/health/ready");
    }
}
