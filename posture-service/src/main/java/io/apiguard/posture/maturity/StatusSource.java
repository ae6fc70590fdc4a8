package io.apiguard.posture.maturity;

/** A service whose status decides a maturity level, and where its base URL is configured. */
public enum StatusSource {

    /** Level 1. */
    DISCOVERY("discovery-service", "discovery"),
    /** Level 2. */
    LOGGING("logging-service", "logging"),
    /** Level 4. */
    DETECTION("detection-service", "detection"),
    /** Level 5. */
    ENFORCEMENT("enforcement-service", "enforcement");

    private final String service;
    private final String clientKey;

    StatusSource(String service, String clientKey) {
        this.service = service;
        this.clientKey = clientKey;
    }

    /** The application name, e.g. {@code discovery-service}. */
    public String service() {
        return service;
    }

    /** The REST client key, e.g. {@code discovery}; also names the service's circuit breaker. */
    public String clientKey() {
        return clientKey;
    }

    /**
     * The property naming the service's base URL, {@code quarkus.rest-client.<key>.url}: the REST client keys the Helm
     * chart, devstack and the tests already set.
     */
    public String urlProperty() {
        return "quarkus.rest-client." + clientKey + ".url";
    }
}
