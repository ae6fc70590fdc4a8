package io.apiguard.logging.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.logging.status.IngestStatistics;
import io.apiguard.logging.store.CallRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Every call record, whichever way it came in (HTTP batch or {@code apiguard.calls}), goes the same way: normalized,
 * stored, and published only if the store took it as new. The table decides what is new (a resend, or the same call
 * delivered twice at once, is stored once and published once), and the statement that stores a call also notes it as
 * owed to the stream; the note is cleared when the broker acknowledged the call. A call whose publication failed, or
 * was cut short by a stop, keeps its note and is published by {@link UnpublishedCallSweeper}: a stored call always
 * reaches the stream, and only once, short of the broker failing right after acknowledging a call and the database
 * failing before its note is cleared (then the sweep publishes it a second time). Records reach this pipeline valid
 * (see {@code ingest.RecordValidator}), so no record can make the store fail for the others.
 */
@ApplicationScoped
public class CallPipeline {

    private static final Logger LOGGER = Logger.getLogger(CallPipeline.class);

    private final CallNormalizer normalizer;
    private final CallRepository store;
    private final NormalizedCallProducer producer;
    private final IngestStatistics statistics;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter unpublished;
    private final Clock clock = Clock.systemUTC();

    CallPipeline(
            CallNormalizer normalizer,
            CallRepository store,
            NormalizedCallProducer producer,
            IngestStatistics statistics,
            MeterRegistry registry) {
        this.normalizer = normalizer;
        this.store = store;
        this.producer = producer;
        this.statistics = statistics;
        this.stored = Counter.builder("apiguard.logging.calls.stored")
                .description("Call records stored")
                .register(registry);
        this.duplicates = Counter.builder("apiguard.logging.calls.duplicates")
                .description("Call records received again and not stored twice")
                .register(registry);
        this.unpublished = Counter.builder("apiguard.logging.calls.unpublished")
                .description("Stored call records whose publication failed, left to the sweep")
                .register(registry);
    }

    /**
     * Normalizes, stores and publishes {@code calls}, handed over by {@code sender}; emits how many were new. Fails
     * only when storing fails (nothing of the batch is then published); once stored, a failed publication is the
     * sweep's to repeat, not the sender's.
     */
    public Uni<Outcome> ingest(List<ApiCallRecord> calls, Sender sender) {
        Instant now = clock.instant();
        List<NormalizedCall> normalized = new ArrayList<>(calls.size());
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            try {
                normalized.add(normalizer.normalize(calls.get(i), sender, now));
            } catch (RuntimeException e) {
                // A valid record that normalization cannot take is a bug here, not the sender's: it must cost only
                // itself, or the sender resends the batch forever. Logged without values (they are not redacted yet).
                LOGGER.warnf(
                        "Call record %s could not be normalized (%s); refused",
                        calls.get(i).id(), e.getClass().getName());
                failures.add(new Failure(
                        i, "the record could not be normalized (" + e.getClass().getSimpleName() + ")"));
            }
        }
        return store.insert(normalized).chain(inserted -> {
            List<NormalizedCall> fresh = newOnes(normalized, inserted);
            stored.increment(fresh.size());
            duplicates.increment(normalized.size() - fresh.size());
            statistics.record(fresh);
            Outcome outcome = new Outcome(fresh.size(), normalized.size() - fresh.size(), List.copyOf(failures));
            return producer.publish(fresh)
                    .call(published -> {
                        if (published.size() < fresh.size()) {
                            unpublished.increment(fresh.size() - published.size());
                            LOGGER.warnf(
                                    "%d of %d new call records were stored but not acknowledged by the broker; "
                                            + "the sweep publishes them",
                                    fresh.size() - published.size(), fresh.size());
                        }
                        return store.published(published).onFailure().recoverWithItem(failure -> {
                            // stored and published: a note left behind only makes the sweep publish them again
                            LOGGER.warnf(
                                    "Could not clear the stream notes of %d published calls: %s",
                                    published.size(), failure.getMessage());
                            return null;
                        });
                    })
                    .replaceWith(outcome);
        });
    }

    /**
     * @param stored     records stored for the first time
     * @param duplicates records already stored before
     * @param failures   records that could not be normalized, by their position among those given
     */
    public record Outcome(int stored, int duplicates, List<Failure> failures) {}

    /**
     * A record refused by the pipeline itself.
     *
     * @param position its position in the list given to {@link #ingest}
     * @param reason   why, without its values
     */
    public record Failure(int position, String reason) {}

    private static List<NormalizedCall> newOnes(List<NormalizedCall> normalized, Set<UUID> inserted) {
        Set<UUID> pending = new HashSet<>(inserted);
        List<NormalizedCall> fresh = new ArrayList<>(inserted.size());
        for (NormalizedCall call : normalized) {
            // a batch may hold the same call twice: only its first copy counts as new
            if (pending.remove(call.call().id())) {
                fresh.add(call);
            }
        }
        return fresh;
    }
}
