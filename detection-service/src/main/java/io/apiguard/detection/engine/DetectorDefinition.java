package io.apiguard.detection.engine;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.apiguard.common.json.EventJson;

/**
 * A detector as the service knows it: its name, its settings, and a factory of per-partition {@link Detector}
 * instances. The CDI beans of {@code io.apiguard.detection.detectors} implement it from configuration; tests build the
 * plain detectors directly.
 */
public interface DetectorDefinition {

    /** Stable name, e.g. {@code object-enumeration}; the key of its persisted baselines. */
    String name();

    /** Detection types it raises. */
    List<String> types();

    /** OWASP API Security Top 10 (2023) categories it covers. */
    List<String> owaspCategories();

    /** Whether it runs. */
    boolean enabled();

    /** Its effective settings, for the detector view ({@link #asView} of its settings record). */
    Map<String, Object> settings();

    /** A fresh detector for one partition. */
    Detector create();

    /**
     * False for a detector that does not run on the call stream's partitions (the egress correlation, which reads
     * network flows); the engine skips it, the detector view and status still count it.
     */
    default boolean partitioned() {
        return true;
    }

    /** A settings record as the detector view shows it: its components by name, as the event JSON writes them. */
    static Map<String, Object> asView(Object settings) {
        return EventJson.mapper().convertValue(settings, new TypeReference<Map<String, Object>>() {});
    }
}
