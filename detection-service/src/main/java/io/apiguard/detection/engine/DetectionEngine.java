package io.apiguard.detection.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apiguard.common.events.ApiCallRecord;

/**
 * The pipelines of the partitions this replica holds. A pipeline is created when its partition is first assigned or
 * first seen and dropped when the partition is revoked; state never spans partitions, so N consumers in one group
 * produce what one consumer would. Thread-safe.
 */
public final class DetectionEngine {

    private final List<DetectorDefinition> definitions;
    private final IncidentTracker.Settings incidentSettings;
    private final Allowlist allowlist;
    private final Map<Integer, PartitionPipeline> pipelines = new ConcurrentHashMap<>();

    public DetectionEngine(
            List<DetectorDefinition> definitions, IncidentTracker.Settings incidentSettings, Allowlist allowlist) {
        this.definitions =
                definitions.stream().filter(d -> d.enabled() && d.partitioned()).toList();
        this.incidentSettings = incidentSettings;
        this.allowlist = allowlist;
    }

    /** The pipeline of {@code partition}, created empty when absent. */
    public PartitionPipeline pipeline(int partition) {
        return pipelines.computeIfAbsent(
                partition, p -> new PartitionPipeline(p, definitions, incidentSettings, allowlist));
    }

    /** Runs {@code call} through its partition's pipeline. */
    public List<KeyedDetection> process(int partition, ApiCallRecord call) {
        return pipeline(partition).process(call);
    }

    /** A fresh pipeline for {@code partition}, replacing any state held so far (before a reload from the store). */
    public PartitionPipeline reset(int partition) {
        PartitionPipeline fresh = new PartitionPipeline(partition, definitions, incidentSettings, allowlist);
        pipelines.put(partition, fresh);
        return fresh;
    }

    /** Drops the state of {@code partition}; returns it (to persist) or null. */
    public PartitionPipeline remove(int partition) {
        return pipelines.remove(partition);
    }

    public Collection<PartitionPipeline> pipelines() {
        return pipelines.values();
    }

    public Allowlist allowlist() {
        return allowlist;
    }

    public List<DetectorDefinition> enabledDetectors() {
        return definitions;
    }
}
