package io.apiguard.common.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an app reports at {@code GET /api/v1/status}; posture-service reads it as maturity evidence.
 *
 * <p>The evidence is a type parameter because its two sides differ in what they know: an app writes
 * {@code ServiceStatus<Map<String, Object>>}, its contributors' records keyed by contributor name, and a reader
 * parses {@code ServiceStatus<StatusEvidence>}, which names every entry with its record.
 *
 * @param service        the application name, e.g. {@code discovery-service}
 * @param version        the build version
 * @param level          the maturity level whose evidence this app owns (0 for apps that own none, e.g. the sidecar)
 * @param ready          true when every readiness check is up
 * @param dependencies   each readiness check as last evaluated (database, Kafka, informer, ...)
 * @param evidence       the figures of every contributor that answered, keyed by contributor name
 * @param evidenceErrors why a contributor has no entry in {@code evidence} (it failed or did not answer in time),
 *                       keyed by contributor name; empty when every contributor answered
 * @param checkedAt      when this document was assembled
 * @param <E>            the evidence type: a map of records on the writing side, {@link StatusEvidence} on the reading
 */
public record ServiceStatus<E>(
        String service,
        String version,
        int level,
        boolean ready,
        List<DependencyStatus> dependencies,
        E evidence,
        Map<String, String> evidenceErrors,
        Instant checkedAt) {

    public ServiceStatus {
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        evidenceErrors = evidenceErrors == null ? Map.of() : Map.copyOf(evidenceErrors);
    }

    /** The names of the readiness checks that are down. */
    public List<String> downDependencies() {
        return dependencies.stream()
                .filter(dependency -> !dependency.up())
                .map(DependencyStatus::name)
                .toList();
    }
}
