package io.apiguard.detection.engine;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiCallRecord;

/**
 * One detector's state and logic for one Kafka partition. Instances are created by a {@link DetectorDefinition}, one
 * per assigned partition, and are confined to that partition: the pipeline calls them from one thread at a time, so
 * they need no synchronization. Time is event time (epoch millis of the call), so a replay gives the same verdicts.
 *
 * <p>State must stay bounded: windows are tumbling, per-key maps are capped LRU maps, sets are capped.
 */
public interface Detector {

    /** Inspects one call at event time {@code now} and adds a signal to {@code out} for every threshold crossed. */
    void inspect(ApiCallRecord call, long now, List<Signal> out);

    /**
     * Inspects one call read from the repartitioned stream ({@code apiguard.detection.calls}) under {@code actorKey}, one
     * of the {@link ActorRouting#keys} of the call: what the detector keeps per address ({@code ip:}), per unverified
     * credential ({@code fp:}) or per login API ({@code login:}) belongs here, where every call of that actor arrives
     * whatever the subject, and not in {@link #inspect}, which sees only the calls of the partition's subjects. Most
     * detectors keep nothing per actor and ignore it.
     */
    default void inspectActor(String actorKey, ApiCallRecord call, long now, List<Signal> out) {}

    /**
     * The learned baselines worth keeping across restarts and rebalances (never the short windows), as a value
     * Jackson can write; null when the detector learns nothing.
     */
    default Object baselines() {
        return null;
    }

    /** Replaces the learned baselines with what {@link #baselines()} wrote earlier. */
    default void restore(JsonNode baselines) {}
}
