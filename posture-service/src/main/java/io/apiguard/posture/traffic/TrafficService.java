package io.apiguard.posture.traffic;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.NormalizedCall;
import io.apiguard.posture.PostureConfig;
import io.smallrye.mutiny.Uni;

/** The traffic aggregates of the running service: fed by the call consumer, read by evaluations, flushed periodically. */
@ApplicationScoped
public class TrafficService {

    private final TrafficAggregates aggregates;
    private final TrafficRepository repository;
    private final Clock clock = Clock.systemUTC();

    TrafficService(PostureConfig config, TrafficRepository repository) {
        PostureConfig.Traffic traffic = config.traffic();
        this.aggregates = new TrafficAggregates(
                traffic.window(), new CallTraits(traffic.credentialParameters(), traffic.sensitiveParameters()));
        this.repository = repository;
    }

    /** Counts a call against the API that serves it ({@code apiId} null when none does). */
    public void record(String apiId, NormalizedCall call) {
        aggregates.record(apiId, call, clock.instant());
    }

    /** An API's recent traffic. */
    public TrafficStats stats(String apiId, Instant now) {
        return aggregates.stats(apiId, now);
    }

    /** Restores the persisted counters. */
    public Uni<Void> load() {
        return repository
                .loadAll()
                .invoke(states -> states.forEach(aggregates::restore))
                .replaceWithVoid();
    }

    /** Writes the counters that changed since the last flush. */
    public Uni<Void> flush() {
        Map<String, ApiTraffic.State> dirty = aggregates.drainDirty();
        return repository.upsertAll(dirty, clock.instant());
    }

    /** Forgets an API that left the inventory. */
    public Uni<Void> forget(String apiId) {
        aggregates.forget(apiId);
        return repository.delete(apiId);
    }

    /** Calls counted against an inventoried API since start. */
    public long callsCounted() {
        return aggregates.callsCounted();
    }

    /** Calls no inventoried API serves, since start. */
    public long callsUnmapped() {
        return aggregates.callsUnmapped();
    }
}
