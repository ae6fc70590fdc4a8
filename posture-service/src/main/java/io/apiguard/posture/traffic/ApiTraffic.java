package io.apiguard.posture.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The traffic counters of one API in two consecutive windows, current and previous; rules read both together, so a
 * condition that stops clears within two windows. Beside them, the data classes its responses carried, with calls and
 * first and last seen, kept across windows (a class counts for the rules while last seen within the two windows).
 * Bounded: samples of names, ids and data classes stop growing at fixed sizes.
 * Thread-safe (the API's own lock): the call consumer writes, evaluations and the flush read.
 */
public final class ApiTraffic {

    static final int MAX_IDS = 1024;
    static final int MAX_NAMES = 16;

    private final Duration window;
    private Bucket current;
    private Bucket previous;
    /** Data classes the responses carried, by wire value: kept across windows, so first seen is first ever. */
    private final Map<String, DataClassSeen> dataClasses = new TreeMap<>();

    private boolean dirty;

    ApiTraffic(Duration window, Instant now) {
        this.window = window;
        this.current = new Bucket(now);
        this.previous = null;
    }

    /** Restores persisted counters. */
    static ApiTraffic restore(Duration window, State state) {
        ApiTraffic traffic = new ApiTraffic(window, state.current().start());
        traffic.current = Bucket.of(state.current());
        traffic.previous = state.previous() == null ? null : Bucket.of(state.previous());
        if (state.dataClasses() != null) {
            traffic.dataClasses.putAll(state.dataClasses());
        }
        return traffic;
    }

    /** Counts one call at {@code now}. */
    synchronized void record(CallTraits.Traits traits, Instant now) {
        rotate(now);
        current.add(traits);
        for (String dataClass : traits.dataClasses()) {
            DataClassSeen seen = dataClasses.get(dataClass);
            if (seen == null && dataClasses.size() >= MAX_NAMES) {
                continue;
            }
            dataClasses.put(dataClass, seen == null ? new DataClassSeen(1, now, now) : seen.plusCall(now));
        }
        dirty = true;
    }

    /** Both windows together, as of {@code now}. */
    public synchronized TrafficStats stats(Instant now) {
        rotate(now);
        Bucket merged = new Bucket(current.start);
        merged.merge(current);
        if (previous != null) {
            merged.merge(previous);
        }
        // what the rules judge clears like the counters: a class not seen in either window is no longer current
        Instant since = previous != null ? previous.start : current.start;
        Map<String, DataClassSeen> recent = new TreeMap<>();
        dataClasses.forEach((dataClass, seen) -> {
            if (!seen.lastSeen().isBefore(since)) {
                recent.put(dataClass, seen);
            }
        });
        return merged.toStats(recent);
    }

    /** The persisted form, and whether it changed since the last call; null when unchanged. */
    synchronized State drainDirty() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        return new State(current.toState(), previous == null ? null : previous.toState(), Map.copyOf(dataClasses));
    }

    private void rotate(Instant now) {
        if (!now.isBefore(current.start.plus(window))) {
            boolean adjacent = now.isBefore(current.start.plus(window.multipliedBy(2)));
            previous = adjacent ? current : null;
            current = new Bucket(adjacent ? current.start.plus(window) : now);
            dirty = true;
        }
    }

    /**
     * Persisted counters of both windows, and the data classes seen (null in documents written before responses were
     * inspected).
     */
    public record State(BucketState current, BucketState previous, Map<String, DataClassSeen> dataClasses) {

        /** Counters without data classes. */
        public State(BucketState current, BucketState previous) {
            this(current, previous, null);
        }
    }

    /** Persisted counters of one window. */
    public record BucketState(
            Instant start,
            long calls,
            long successful,
            long successfulUnauthenticated,
            long authenticated,
            long sharedAccountOnly,
            List<String> sharedAccounts,
            long queryCredentialCalls,
            List<String> queryCredentialNames,
            long serverErrors,
            long sensitiveDataCalls,
            List<String> sensitiveIndicators,
            long[] numericIds) {}

    private static final class Bucket {
        final Instant start;
        long calls;
        long successful;
        long successfulUnauthenticated;
        long authenticated;
        long sharedAccountOnly;
        final Set<String> sharedAccounts = new LinkedHashSet<>();
        long queryCredentialCalls;
        final Set<String> queryCredentialNames = new LinkedHashSet<>();
        long serverErrors;
        long sensitiveDataCalls;
        final Set<String> sensitiveIndicators = new LinkedHashSet<>();
        final Set<Long> ids = new HashSet<>();
        long minId = Long.MAX_VALUE;
        long maxId = Long.MIN_VALUE;

        Bucket(Instant start) {
            this.start = start;
        }

        static Bucket of(BucketState state) {
            Bucket bucket = new Bucket(state.start());
            bucket.calls = state.calls();
            bucket.successful = state.successful();
            bucket.successfulUnauthenticated = state.successfulUnauthenticated();
            bucket.authenticated = state.authenticated();
            bucket.sharedAccountOnly = state.sharedAccountOnly();
            bucket.sharedAccounts.addAll(nonNull(state.sharedAccounts()));
            bucket.queryCredentialCalls = state.queryCredentialCalls();
            bucket.queryCredentialNames.addAll(nonNull(state.queryCredentialNames()));
            bucket.serverErrors = state.serverErrors();
            bucket.sensitiveDataCalls = state.sensitiveDataCalls();
            bucket.sensitiveIndicators.addAll(nonNull(state.sensitiveIndicators()));
            if (state.numericIds() != null) {
                for (long id : state.numericIds()) {
                    bucket.addId(id);
                }
            }
            return bucket;
        }

        void add(CallTraits.Traits traits) {
            calls++;
            if (traits.successful()) {
                successful++;
                if (traits.anonymous()) {
                    successfulUnauthenticated++;
                }
            }
            if (!traits.anonymous()) {
                authenticated++;
            }
            if (traits.sharedOnly()) {
                sharedAccountOnly++;
                addBounded(sharedAccounts, traits.sharedAccount());
            }
            if (!traits.credentialNames().isEmpty()) {
                queryCredentialCalls++;
                traits.credentialNames().forEach(name -> addBounded(queryCredentialNames, name));
            }
            if (traits.serverError()) {
                serverErrors++;
            }
            if (!traits.sensitive().isEmpty()) {
                sensitiveDataCalls++;
                traits.sensitive().forEach(name -> addBounded(sensitiveIndicators, name));
            }
            for (long id : traits.numericIds()) {
                addId(id);
            }
        }

        void merge(Bucket other) {
            calls += other.calls;
            successful += other.successful;
            successfulUnauthenticated += other.successfulUnauthenticated;
            authenticated += other.authenticated;
            sharedAccountOnly += other.sharedAccountOnly;
            other.sharedAccounts.forEach(name -> addBounded(sharedAccounts, name));
            queryCredentialCalls += other.queryCredentialCalls;
            other.queryCredentialNames.forEach(name -> addBounded(queryCredentialNames, name));
            serverErrors += other.serverErrors;
            sensitiveDataCalls += other.sensitiveDataCalls;
            other.sensitiveIndicators.forEach(name -> addBounded(sensitiveIndicators, name));
            other.ids.forEach(this::addId);
            // the other window's range, not only its sample's: ids past a full sample still moved it
            minId = Math.min(minId, other.minId);
            maxId = Math.max(maxId, other.maxId);
        }

        void addId(long id) {
            // Once the sample is full, min and max still move: the density then errs low, never high.
            if (ids.size() < MAX_IDS) {
                ids.add(id);
            }
            minId = Math.min(minId, id);
            maxId = Math.max(maxId, id);
        }

        TrafficStats toStats(Map<String, DataClassSeen> dataClasses) {
            return new TrafficStats(
                    calls,
                    successful,
                    successfulUnauthenticated,
                    authenticated,
                    sharedAccountOnly,
                    sharedAccounts,
                    queryCredentialCalls,
                    queryCredentialNames,
                    serverErrors,
                    sensitiveDataCalls,
                    sensitiveIndicators,
                    ids.size(),
                    ids.isEmpty() ? 0 : minId,
                    ids.isEmpty() ? 0 : maxId,
                    dataClasses);
        }

        BucketState toState() {
            return new BucketState(
                    start,
                    calls,
                    successful,
                    successfulUnauthenticated,
                    authenticated,
                    sharedAccountOnly,
                    List.copyOf(sharedAccounts),
                    queryCredentialCalls,
                    List.copyOf(queryCredentialNames),
                    serverErrors,
                    sensitiveDataCalls,
                    List.copyOf(sensitiveIndicators),
                    ids.stream().mapToLong(Long::longValue).toArray());
        }

        private static void addBounded(Set<String> names, String name) {
            if (name != null && names.size() < MAX_NAMES) {
                names.add(name);
            }
        }

        private static List<String> nonNull(List<String> names) {
            return names == null ? List.of() : names;
        }
    }
}
