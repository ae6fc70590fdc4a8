package io.apiguard.devstack.config;

import java.util.LinkedHashMap;
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
 */
public record LocalPorts(int discovery, int logging, int posture, int detection, int enforcement, int sidecarProxy,
        int sidecarAdmin, int demoApi, int kafka) {

    /** The ports of DESIGN.md. */
    public static LocalPorts defaults() {
        return new LocalPorts(8081, 8082, 8083, 8084, 8085, 8090, 8091, 8095, 9092);
    }

    /** A copy with another Kafka port. */
    public LocalPorts withKafka(int port) {
        return new LocalPorts(discovery, logging, posture, detection, enforcement, sidecarProxy, sidecarAdmin, demoApi,
                port);
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
        return bound;
    }
}
