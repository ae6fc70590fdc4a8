package io.apiguard.devstack.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ports of the local run, DESIGN.md's table by default. The demo API's port is here already because the
 * sidecar forwards to it; the demo API itself joins the local run in a later step.
 *
 * @param discovery    discovery-service
 * @param logging      logging-service
 * @param posture      posture-service
 * @param detection    detection-service
 * @param enforcement  enforcement-service
 * @param sidecarProxy the sidecar's proxy listener, which clients call
 * @param sidecarAdmin the sidecar's Quarkus HTTP server (health, metrics, status)
 * @param demoApi      the demo API behind the sidecar
 * @param kafka        the embedded Kafka broker
 * @param issuer       the local OIDC issuer that signs the operators' and the workloads' tokens
 */
public record LocalPorts(
        int discovery,
        int logging,
        int posture,
        int detection,
        int enforcement,
        int sidecarProxy,
        int sidecarAdmin,
        int demoApi,
        int kafka,
        int issuer) {

    /** Each app's management interface (health, metrics, OpenAPI) listens this far above its HTTP port. */
    static final int MANAGEMENT_OFFSET = 1000;

    /** The ports of DESIGN.md, and the local issuer's. */
    public static LocalPorts defaults() {
        return new LocalPorts(8081, 8082, 8083, 8084, 8085, 8090, 8091, 8095, 9092, 8089);
    }

    /** A copy with another Kafka port. */
    public LocalPorts withKafka(int port) {
        return new LocalPorts(
                discovery, logging, posture, detection, enforcement, sidecarProxy, sidecarAdmin, demoApi, port, issuer);
    }

    /** The management port of the app whose HTTP port is {@code httpPort}: 8082 gives 9082. */
    public static int management(int httpPort) {
        return httpPort + MANAGEMENT_OFFSET;
    }

    /**
     * The ports the local run itself binds, by what binds them, to check they are free before starting. The demo
     * API is not started yet, so its port is not among them.
     */
    public Map<String, Integer> bound() {
        Map<String, Integer> bound = new LinkedHashMap<>();
        bound.put("Kafka broker", kafka);
        bound.put("discovery-service", discovery);
        bound.put("logging-service", logging);
        bound.put("posture-service", posture);
        bound.put("detection-service", detection);
        bound.put("enforcement-service", enforcement);
        bound.put("sidecar proxy", sidecarProxy);
        bound.put("sidecar admin", sidecarAdmin);
        bound.put("local OIDC issuer", issuer);
        for (String app : List.of(
                "discovery-service",
                "logging-service",
                "posture-service",
                "detection-service",
                "enforcement-service",
                "sidecar admin")) {
            bound.put(app + " management", management(bound.get(app)));
        }
        return bound;
    }
}
