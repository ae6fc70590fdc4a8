package io.apiguard.logging.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.logging.status.IngestStatistics;
import io.apiguard.logging.store.CallStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Every call record, whichever way it came in (HTTP batch or {@code apiguard.calls}), goes the same way: normalized,
 * published unless it is stored already, then stored. Publishing before storing means a failure anywhere fails the
 * batch before the record counts as stored, so the sender's resend publishes it again: no stored record is ever
 * missing from {@code apiguard.calls.normalized}. The price is rare: a batch whose store fails after its publish is
 * published twice (at-least-once on the stream, exactly once in the table).
 */
@ApplicationScoped
public class CallPipeline {

    private final CallNormalizer normalizer;
    private final CallStore store;
    private final NormalizedCallProducer producer;
    private final IngestStatistics statistics;
    private final Counter stored;
    private final Counter duplicates;
    private final Clock clock = Clock.systemUTC();

    CallPipeline(CallNormalizer normalizer, CallStore store, NormalizedCallProducer producer,
            IngestStatistics statistics, MeterRegistry registry) {
        this.normalizer = normalizer;
        this.store = store;
        this.producer = producer;
        this.statistics = statistics;
        this.stored = Counter.builder("apiguard.logging.calls.stored").description("Call records stored")
                .register(registry);
        this.duplicates = Counter.builder("apiguard.logging.calls.duplicates")
                .description("Call records received again and not stored twice").register(registry);
    }

    /** Normalizes, stores and publishes {@code calls}; emits how many were new. */
    public Uni<Outcome> ingest(List<ApiCallRecord> calls) {
        Instant now = clock.instant();
        List<NormalizedCall> normalized = new ArrayList<>(calls.size());
        for (ApiCallRecord call : calls) {
            normalized.add(normalizer.normalize(call, now));
        }
        return store.stored(normalized)
                .chain(already -> producer.publish(notIn(normalized, already)))
                .chain(() -> store.insert(normalized))
                .map(inserted -> {
                    List<NormalizedCall> fresh = inserted.size() == normalized.size() ? normalized
                            : newOnes(normalized, inserted);
                    stored.increment(fresh.size());
                    duplicates.increment(normalized.size() - fresh.size());
                    statistics.record(fresh);
                    return new Outcome(fresh.size(), normalized.size() - fresh.size());
                });
    }

    /**
     * @param stored     records stored for the first time
     * @param duplicates records already stored before
     */
    public record Outcome(int stored, int duplicates) {
    }

    private static List<NormalizedCall> notIn(List<NormalizedCall> normalized, Set<UUID> already) {
        List<NormalizedCall> pending = new ArrayList<>(normalized.size());
        Set<UUID> seen = new java.util.HashSet<>();
        for (NormalizedCall call : normalized) {
            if (!already.contains(call.call().id()) && seen.add(call.call().id())) {
                pending.add(call);
            }
        }
        return pending;
    }

    private static List<NormalizedCall> newOnes(List<NormalizedCall> normalized, Set<UUID> inserted) {
        List<NormalizedCall> fresh = new ArrayList<>(inserted.size());
        for (NormalizedCall call : normalized) {
            // a batch may hold the same call twice: only its first copy counts as new
            if (inserted.remove(call.call().id())) {
                fresh.add(call);
            }
        }
        return fresh;
    }
}
