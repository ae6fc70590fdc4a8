package io.apiguard.posture.maturity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Another service's {@code GET /api/v1/status} document, as posture-service reads it (its own copy of the shape,
 * not a shared DTO; unknown fields are ignored).
 *
 * @param service      the application name
 * @param version      its build version
 * @param level        the level whose evidence it owns
 * @param ready        whether every readiness check is up; null when the document does not say
 * @param dependencies its readiness checks
 * @param evidence     figures keyed by contributor, then figure name
 * @param checkedAt    when the document was assembled
 */
public record RemoteStatus(String service, String version, Integer level, Boolean ready,
        List<Dependency> dependencies, Map<String, Map<String, Object>> evidence, Instant checkedAt) {

    public RemoteStatus {
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        evidence = evidence == null ? Map.of() : evidence;
    }

    /**
     * One readiness check.
     *
     * @param name the check
     * @param up   whether it passed
     */
    public record Dependency(String name, boolean up) {
    }

    /**
     * The figure named {@code key}: {@code contributor.figure} names one contributor's figure, a bare name is looked
     * up in every contributor. Null when absent.
     */
    public Object figure(String key) {
        int dot = key.indexOf('.');
        if (dot > 0) {
            Map<String, Object> figures = evidence.get(key.substring(0, dot));
            if (figures != null && figures.containsKey(key.substring(dot + 1))) {
                return figures.get(key.substring(dot + 1));
            }
        }
        for (Map<String, Object> figures : evidence.values()) {
            if (figures != null && figures.containsKey(key)) {
                return figures.get(key);
            }
        }
        return null;
    }

    /** The names of the readiness checks that are down. */
    public List<String> downDependencies() {
        return dependencies.stream().filter(dependency -> !dependency.up()).map(Dependency::name).toList();
    }
}
