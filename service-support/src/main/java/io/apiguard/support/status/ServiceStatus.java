package io.apiguard.support.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a service reports at {@code GET /api/v1/status}; posture-service reads it as maturity evidence.
 *
 * @param service      the application name, e.g. {@code discovery-service}
 * @param version      the build version
 * @param level        the maturity level whose evidence this service owns (0 for apps that own none, e.g. the sidecar)
 * @param ready        true when every readiness check is up
 * @param dependencies each readiness check as last evaluated (database, Kafka, informer, ...)
 * @param evidence     service-specific figures, keyed by contributor then figure name
 * @param checkedAt    when this document was assembled
 */
public record ServiceStatus(
        String service,
        String version,
        int level,
        boolean ready,
        List<DependencyStatus> dependencies,
        Map<String, Map<String, Object>> evidence,
        Instant checkedAt) {

    public ServiceStatus {
        dependencies = List.copyOf(dependencies);
        evidence = Map.copyOf(evidence);
    }
}
