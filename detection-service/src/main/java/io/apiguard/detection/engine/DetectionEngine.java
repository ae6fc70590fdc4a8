package io.apiguard.detection.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apiguard.common.events.ApiCallRecord;

/**
 * The pipelines of the partitions this replica holds, of the call stream (keyed by subject) and of its repartition by
 * actor ({@code apiguard.detection.calls}, keyed by address, unverified credential or login API). A pipeline is
 * created when its partition is first assigned or first seen and dropped when the partition is revoked; state never
 * spans partitions, so N consumers in one group produce what one consumer would, and per-actor state sees all of an
 * actor's calls whatever the number of partitions of either topic. Thread-safe.
 */
public final class DetectionEngine {

    private final List<DetectorDefinition> definitions;
    private final IncidentTracker.Settings incidentSettings;
    private final Allowlist allowlist;
    private final Map<Integer, PartitionPipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<Integer, PartitionPipeline> actorPipelines = new ConcurrentHashMap<>();

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

    /** Runs {@code call}, read from {@code partition} of the repartitioned stream under {@code actorKey}. */
    public List<KeyedDetection> processActor(int partition, String actorKey, ApiCallRecord call) {
        return actorPipelines
                .computeIfAbsent(partition, p -> new PartitionPipeline(p, definitions, incidentSettings, allowlist))
                .processActor(actorKey, call);
    }

    /** Drops the per-actor state of {@code partition} of the repartitioned stream (revoked or lost). */
    public void removeActor(int partition) {
        actorPipelines.remove(partition);
    }

    /** The pipelines of the repartitioned stream's partitions held. */
    public Collection<PartitionPipeline> actorPipelines() {
        return actorPipelines.values();
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
