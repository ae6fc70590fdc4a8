package io.apiguard.logging.status;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.apiguard.common.events.NormalizedCall;

/**
 * Sliding counts of what was stored: per second over the last minute (the ingest rate) and per minute over the last
 * hour (identity share, APIs reporting). Updated once per batch, so one lock is cheap; memory is fixed.
 */
@ApplicationScoped
public class IngestStatistics {

    private final Clock clock;
    private final Window seconds = new Window(1_000, 60);
    private final Window minutes = new Window(60_000, 60);

    @Inject
    IngestStatistics() {
        this(Clock.systemUTC());
    }

    IngestStatistics(Clock clock) {
        this.clock = clock;
    }

    /** Counts calls that were stored for the first time. */
    public synchronized void record(List<NormalizedCall> calls) {
        if (calls.isEmpty()) {
            return;
        }
        long now = clock.millis();
        int individual = 0;
        Set<String> apis = new HashSet<>();
        for (NormalizedCall call : calls) {
            if (call.call().identity().isIndividual()) {
                individual++;
            }
            if (call.call().api().apiId() != null) {
                apis.add(call.call().api().apiId());
            }
        }
        seconds.add(now, calls.size(), individual, Set.of());
        minutes.add(now, calls.size(), individual, apis);
    }

    /** The figures now. */
    public synchronized Snapshot snapshot() {
        long now = clock.millis();
        Totals lastMinute = seconds.totals(now);
        Totals lastHour = minutes.totals(now);
        return new Snapshot(lastMinute.calls / 60.0, lastHour.calls, lastHour.individual, Set.copyOf(lastHour.apis));
    }

    /**
     * @param ingestRatePerSecond calls stored per second, averaged over the last minute
     * @param callsLastHour       calls stored in the last hour
     * @param individualLastHour  of those, calls with an individual caller
     * @param apisLastHour        inventoried APIs that sent calls in the last hour
     */
    public record Snapshot(
            double ingestRatePerSecond, long callsLastHour, long individualLastHour, Set<String> apisLastHour) {}

    private record Totals(long calls, long individual, Set<String> apis) {}

    /** A ring of buckets, each reset when time comes round to it again. */
    private static final class Window {

        private final long bucketMillis;
        private final long[] bucketIndex;
        private final long[] calls;
        private final long[] individual;
        private final Set<String>[] apis;

        @SuppressWarnings("unchecked")
        Window(long bucketMillis, int buckets) {
            this.bucketMillis = bucketMillis;
            this.bucketIndex = new long[buckets];
            this.calls = new long[buckets];
            this.individual = new long[buckets];
            this.apis = new Set[buckets];
            for (int i = 0; i < buckets; i++) {
                bucketIndex[i] = -1;
                apis[i] = new HashSet<>();
            }
        }

        void add(long now, int callCount, int individualCount, Set<String> apiIds) {
            long index = now / bucketMillis;
            int slot = (int) (index % bucketIndex.length);
            if (bucketIndex[slot] != index) {
                bucketIndex[slot] = index;
                calls[slot] = 0;
                individual[slot] = 0;
                apis[slot].clear();
            }
            calls[slot] += callCount;
            individual[slot] += individualCount;
            apis[slot].addAll(apiIds);
        }

        Totals totals(long now) {
            long current = now / bucketMillis;
            long callSum = 0;
            long individualSum = 0;
            Set<String> apiIds = new HashSet<>();
            for (int slot = 0; slot < bucketIndex.length; slot++) {
                if (bucketIndex[slot] > current - bucketIndex.length && bucketIndex[slot] <= current) {
                    callSum += calls[slot];
                    individualSum += individual[slot];
                    apiIds.addAll(apis[slot]);
                }
            }
            return new Totals(callSum, individualSum, apiIds);
        }
    }
}
