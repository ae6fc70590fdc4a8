package io.apiguard.posture.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.apiguard.common.events.NormalizedCall;

/**
 * Traffic counters of every API, in memory: one {@link ApiTraffic} per API id, never one row per call. Thread-safe.
 */
public final class TrafficAggregates {

    private final Map<String, ApiTraffic> byApi = new ConcurrentHashMap<>();
    private final Duration window;
    private final CallTraits traits;
    private final AtomicLong callsCounted = new AtomicLong();
    private final AtomicLong callsUnmapped = new AtomicLong();

    public TrafficAggregates(Duration window, CallTraits traits) {
        this.window = window;
        this.traits = traits;
    }

    /** Counts {@code call} for {@code apiId}; a call no inventoried API serves ({@code apiId} null) is only counted. */
    public void record(String apiId, NormalizedCall call, Instant now) {
        if (apiId == null) {
            callsUnmapped.incrementAndGet();
            return;
        }
        callsCounted.incrementAndGet();
        byApi.computeIfAbsent(apiId, id -> new ApiTraffic(window, now)).record(traits.of(call), now);
    }

    /** The API's recent traffic; {@link TrafficStats#NONE} when it had none. */
    public TrafficStats stats(String apiId, Instant now) {
        ApiTraffic traffic = byApi.get(apiId);
        return traffic == null ? TrafficStats.NONE : traffic.stats(now);
    }

    /** Forgets an API that left the inventory. */
    public void forget(String apiId) {
        byApi.remove(apiId);
    }

    /** Restores persisted counters at start. */
    public void restore(String apiId, ApiTraffic.State state) {
        byApi.put(apiId, ApiTraffic.restore(window, state));
    }

    /** The counters that changed since the last drain, to persist. */
    public Map<String, ApiTraffic.State> drainDirty() {
        Map<String, ApiTraffic.State> dirty = new LinkedHashMap<>();
        byApi.forEach((id, traffic) -> {
            ApiTraffic.State state = traffic.drainDirty();
            if (state != null) {
                dirty.put(id, state);
            }
        });
        return dirty;
    }

    /** Calls counted against an inventoried API since start. */
    public long callsCounted() {
        return callsCounted.get();
    }

    /** Calls that no inventoried API serves, since start. */
    public long callsUnmapped() {
        return callsUnmapped.get();
    }
}
