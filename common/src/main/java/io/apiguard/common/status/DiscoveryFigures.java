package io.apiguard.common.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * discovery-service's Level 1 evidence, under {@code evidence.discovery}.
 *
 * @param source               where declarations come from: {@code cluster}, {@code offline}, or {@code starting}
 *                             before the first source is chosen
 * @param informerSynced       whether the declaration source has read every declaration once (the Ingress
 *                             informer synced, or the manifests read); Level 1 criterion "informer synced"
 * @param apis                 APIs in this replica's inventory
 * @param declared             of those, APIs declared and not yet seen in traffic
 * @param active               APIs declared and seen in traffic
 * @param shadow               APIs seen in traffic but not declared
 * @param zombie               APIs declared, not seen for longer than the zombie threshold
 * @param callsObserved        calls discovery has observed
 * @param callsMatchedDeclared of those, calls that mapped to a declared API
 * @param declaredTrafficShare {@code callsMatchedDeclared / callsObserved}, 1 before any call; Level 1 criterion
 *                             "share of observed traffic mapped to an inventoried API"
 * @param withSpec             APIs whose declaration names an OpenAPI document that was read (0 from older replicas)
 * @param specErrors           APIs whose declaration names an OpenAPI document that could not be read (missing,
 *                             too large, not OpenAPI 3.0/3.1); each API's {@code spec.error} says why
 */
public record DiscoveryFigures(
        String source,
        @JsonProperty(required = true) boolean informerSynced,
        long apis,
        long declared,
        long active,
        long shadow,
        long zombie,
        long callsObserved,
        long callsMatchedDeclared,
        @JsonProperty(required = true) double declaredTrafficShare,
        long withSpec,
        long specErrors) {

    /** Figures without spec counts, as before specs were read. */
    public DiscoveryFigures(
            String source,
            boolean informerSynced,
            long apis,
            long declared,
            long active,
            long shadow,
            long zombie,
            long callsObserved,
            long callsMatchedDeclared,
            double declaredTrafficShare) {
        this(
                source,
                informerSynced,
                apis,
                declared,
                active,
                shadow,
                zombie,
                callsObserved,
                callsMatchedDeclared,
                declaredTrafficShare,
                0,
                0);
    }
}
