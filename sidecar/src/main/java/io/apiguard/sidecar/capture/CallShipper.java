package io.apiguard.sidecar.capture;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiCallRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The bounded, asynchronous road from the proxy to logging-service. The proxy only ever {@link #offer}s a record: a
 * non-blocking enqueue that drops (and counts) the record when the queue is full, so a slow or dead logging-service
 * costs records, never client latency. Up to {@code max-in-flight} deliveries run at once, started when a batch is
 * full or the flush interval passes.
 *
 * <p>A failed batch is kept and resent first once the backoff has passed, which is how delivery resumes by itself
 * when logging-service is back. A batch that cannot pass is told from an outage by what logging-service does with
 * the others:
 * <ul>
 * <li>A batch is split in halves when it fails while logging-service answered another delivery since its last try
 * (it takes records, not this batch), when logging-service refused it whole for what it holds (413, unreadable), or
 * when it failed {@code max-attempts} times in a row (a probe: smaller batches may pass). Halves of a batch that
 * failed for a reason like that are sent at once; after a failure that looks like an outage, after the backoff.</li>
 * <li>A record that fails on its own while logging-service answers other deliveries is a suspect: it waits on its own
 * schedule, beside the queue rather than in front of it, so everything behind it keeps flowing. It is dead-lettered
 * (dropped, counted, logged once by id) after {@code max-attempts} such failures, each with another delivery
 * answered since the one before, or at once when logging-service refused it whole.</li>
 * <li>In an outage nothing is answered, so no failure counts against a record: batches wait (split at most into
 * probes), nothing is dead-lettered, everything is delivered once logging-service is back.</li>
 * </ul>
 * Records logging-service accepted are never resent: only the records of a failed delivery are kept, and records it
 * refused by index (400 with {@code accepted}) are counted and dropped.
 *
 * <p>Threading: {@link #offer} runs on the proxy's event loops, deliveries complete on the REST client's threads, the
 * flush timer on a Vert.x event loop; the state of resends is guarded by this object's monitor, held only to pick
 * what goes next, never while a batch is encoded or sent.
 */
@ApplicationScoped
public class CallShipper {

    private static final Logger LOGGER = Logger.getLogger(CallShipper.class);
    /** How often a drain looks again when no delivery ended: a backoff or a suspect's wait may be over. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(50);

    private final BatchSender sender;
    private final CaptureConfig config;
    private final Clock clock;
    private final int maxAttempts;
    private final ArrayBlockingQueue<ApiCallRecord> queue;
    /** Failed batches and their halves, resent before the queue (guarded by this). */
    private final ArrayDeque<Piece> resends = new ArrayDeque<>();
    /** Single records that failed while others passed, each on its own schedule (guarded by this). */
    private final ArrayDeque<Piece> suspects = new ArrayDeque<>();

    private final Counter dropped;
    private final Counter delivered;
    private final Counter refused;
    private final Counter failedDeliveries;
    private final Counter deadLettered;
    /** Deliveries logging-service answered (guarded by this): the evidence that it is up. */
    private long answered;
    /** Deliveries under way; written under this, read without it by {@link #offer}'s quick check. */
    private volatile int inFlight;
    /** Records in the deliveries under way (guarded by this). */
    private int inFlightRecords;
    /** Records logging-service accepted since start (guarded by this); what a drain reports, whatever the registry. */
    private long acceptedTotal;
    /** No delivery starts before this (backoff); written under this, read without it by {@link #offer}. */
    private volatile long nextAttemptMillis;

    @Inject
    CallShipper(LoggingBatchSender sender, CaptureConfig config, MeterRegistry registry) {
        this((BatchSender) sender, config, registry, Clock.systemUTC());
    }

    CallShipper(BatchSender sender, CaptureConfig config, MeterRegistry registry, Clock clock) {
        this.sender = sender;
        this.config = config;
        this.clock = clock;
        this.maxAttempts = Math.max(1, config.maxAttempts());
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.dropped = Counter.builder("apiguard.sidecar.capture.dropped")
                .description("Call records dropped because the delivery queue was full")
                .register(registry);
        this.delivered = Counter.builder("apiguard.sidecar.capture.delivered")
                .description("Call records accepted by logging-service")
                .register(registry);
        this.refused = Counter.builder("apiguard.sidecar.capture.refused")
                .description("Call records logging-service refused as invalid")
                .register(registry);
        this.failedDeliveries = Counter.builder("apiguard.sidecar.capture.failed.deliveries")
                .description("Deliveries that did not reach logging-service; their records wait to be resent")
                .register(registry);
        this.deadLettered = Counter.builder("apiguard.sidecar.capture.dead.lettered")
                .description("Call records dropped because logging-service kept failing them alone while taking others")
                .register(registry);
        Gauge.builder("apiguard.sidecar.capture.queued", this, CallShipper::backlog)
                .description("Call records waiting for delivery, including those waiting to be resent")
                .register(registry);
    }

    /** Queues a record for delivery; false (and counted) when the queue is full. Never blocks. */
    public boolean offer(ApiCallRecord call) {
        if (!queue.offer(call)) {
            dropped.increment();
            return false;
        }
        // Checked without the monitor first: this runs on the event loops for every call, and while all deliveries
        // are under way or backing off (an outage) a full queue would otherwise have every call contend for it to
        // start nothing. A stale read starts nothing too early and loses nothing: every delivery that ends, and the
        // flush timer, start the next ones.
        if (queue.size() >= config.batchSize()
                && inFlight < config.maxInFlight()
                && clock.millis() >= nextAttemptMillis) {
            startDeliveries(false);
        }
        return true;
    }

    /** A Vert.x timer, not the scheduler: flush intervals are below the scheduler's one-second floor. */
    void startFlushing(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(config.flushInterval().toMillis(), timer -> flush());
    }

    /**
     * Starts deliveries while fewer than {@code max-in-flight} run, the backoff has passed and records wait: a suspect
     * record whose time has come, failed batches, then the queue in order, a partial batch included.
     */
    public void flush() {
        startDeliveries(true);
    }

    /** @param partial whether a partial batch may leave the queue (the flush interval passed), else full ones only */
    private void startDeliveries(boolean partial) {
        List<Piece> starting = null;
        synchronized (this) {
            long now = clock.millis();
            while (inFlight < config.maxInFlight()) {
                Piece next = next(now, partial && starting == null);
                if (next == null) {
                    break;
                }
                inFlight++;
                inFlightRecords += next.records.size();
                if (starting == null) {
                    starting = new ArrayList<>(config.maxInFlight());
                }
                starting.add(next);
            }
        }
        if (starting != null) {
            // outside the monitor: sending encodes the batch, and a sender may complete on this very thread
            for (Piece piece : starting) {
                deliver(piece);
            }
        }
    }

    /** What goes next, removed from where it waited; null when nothing may go now. Holds the monitor. */
    private Piece next(long now, boolean partial) {
        if (now < nextAttemptMillis) {
            return null;
        }
        Piece suspect = suspects.peekFirst();
        if (suspect != null && suspect.notBefore <= now) {
            return suspects.pollFirst();
        }
        Piece resend = resends.pollFirst();
        if (resend != null) {
            return resend;
        }
        // a partial batch waits for the next interval rather than going out in pieces
        if (queue.isEmpty() || (!partial && queue.size() < config.batchSize())) {
            return null;
        }
        List<ApiCallRecord> batch = new ArrayList<>(Math.min(queue.size(), config.batchSize()));
        queue.drainTo(batch, config.batchSize());
        return batch.isEmpty() ? null : new Piece(batch, answered);
    }

    private void deliver(Piece piece) {
        // deferred: a sender that throws (a record that cannot be encoded) fails this delivery, not the caller
        Uni.createFrom()
                .deferred(() -> sender.send(piece.records))
                .subscribe()
                .with(accepted -> delivered(piece, accepted), failure -> failed(piece, failure));
    }

    private void delivered(Piece piece, int accepted) {
        delivered.increment(accepted);
        refused.increment(piece.records.size() - accepted);
        boolean waiting;
        synchronized (this) {
            inFlight--;
            inFlightRecords -= piece.records.size();
            acceptedTotal += accepted;
            answered++;
            waiting = !resends.isEmpty() || !suspects.isEmpty() || queue.size() >= config.batchSize();
            notifyAll(); // a drain at shutdown waits for this
        }
        if (waiting) {
            startDeliveries(false);
        }
    }

    private void failed(Piece piece, Throwable failure) {
        failedDeliveries.increment();
        boolean deadLetter = false;
        boolean refusedWhole = failure instanceof BatchRejectedException;
        synchronized (this) {
            inFlight--;
            inFlightRecords -= piece.records.size();
            notifyAll(); // a drain at shutdown waits for this
            long now = clock.millis();
            // logging-service answered something else since this piece was last tried: it is up, and takes records
            boolean othersPass = refusedWhole || answered > piece.answeredBefore;
            piece.failures++;
            piece.answeredBefore = answered;
            if (piece.records.size() > 1) {
                if (othersPass || piece.failures >= maxAttempts) {
                    int half = piece.records.size() / 2;
                    // copies, so a suspect left over holds one record, not the whole batch it came from
                    resends.addFirst(
                            new Piece(List.copyOf(piece.records.subList(half, piece.records.size())), answered));
                    resends.addFirst(new Piece(List.copyOf(piece.records.subList(0, half)), answered));
                    if (!othersPass) {
                        // a probe after an outage-like streak: the halves wait out the backoff like the batch did
                        nextAttemptMillis = now + config.retryBackoff().toMillis();
                    }
                } else {
                    resends.addFirst(piece);
                    nextAttemptMillis = now + config.retryBackoff().toMillis();
                }
            } else if (othersPass) {
                piece.strikes++;
                if (refusedWhole || piece.strikes >= maxAttempts) {
                    deadLetter = true;
                } else {
                    piece.notBefore = now + config.retryBackoff().toMillis();
                    suspects.addLast(piece);
                }
            } else if (piece.strikes > 0) {
                // nothing else was answered since its last try: an outage or no traffic, not this record; uncounted
                piece.notBefore = now + config.retryBackoff().toMillis();
                suspects.addLast(piece);
            } else {
                // behind the other waiting pieces, so a record that cannot pass does not keep the others from probing
                resends.addLast(piece);
                nextAttemptMillis = now + config.retryBackoff().toMillis();
            }
        }
        if (deadLetter) {
            deadLettered.increment();
            // the id only: the record's content is what logging-service cannot take, and may be an attacker's
            if (refusedWhole) {
                LOGGER.warnf(
                        "Call record %s dead-lettered: sent on its own, it was still refused whole (%s)",
                        piece.records.get(0).id(), reason(failure));
            } else {
                LOGGER.warnf(
                        "Call record %s dead-lettered: logging-service failed it on its own %d times while "
                                + "taking other records (last: %s)",
                        piece.records.get(0).id(), piece.strikes, reason(failure));
            }
        } else {
            LOGGER.debugf(
                    "Delivery of %d call records failed (%s); they wait to be resent",
                    piece.records.size(), reason(failure));
        }
        startDeliveries(false);
    }

    /**
     * At shutdown, after the proxy stopped taking calls (its observer runs first): delivers what is still queued, with
     * the usual resends, splits and backoff, for at most {@code shutdown-flush-timeout}, and logs how many records were
     * delivered and how many were left.
     */
    void flushOnShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        if (!config.enabled()) {
            return;
        }
        Drained drained = drain(config.shutdownFlushTimeout());
        if (drained.left() == 0) {
            LOGGER.infof("Shutdown: %d queued call records delivered to logging-service", drained.delivered());
        } else {
            LOGGER.warnf(
                    "Shutdown: %d queued call records delivered to logging-service, %d left undelivered after %s",
                    drained.delivered(), drained.left(), config.shutdownFlushTimeout());
        }
    }

    /**
     * Delivers everything waiting (the queue, partial batches included, resends and suspects) until nothing waits or
     * {@code timeout} has passed, whichever is first. Blocks the calling thread (never call it on an event loop);
     * deliveries themselves run as usual, so a record is sent once and resent only after a failed delivery. Records
     * logging-service refused by index or that were dead-lettered count as neither delivered nor left.
     *
     * @return how many records logging-service accepted meanwhile, and how many were still waiting or in flight
     */
    public Drained drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long acceptedBefore;
        synchronized (this) {
            acceptedBefore = acceptedTotal;
        }
        while (true) {
            startDeliveries(true);
            synchronized (this) {
                int left = backlog() + inFlightRecords;
                long remainingNanos = deadline - System.nanoTime();
                if (left == 0 || remainingNanos <= 0) {
                    return new Drained(acceptedTotal - acceptedBefore, left);
                }
                // woken by every delivery that ends; else once the backoff (or the wait for a suspect) may be over
                long waitMillis =
                        Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remainingNanos) + 1, DRAIN_POLL.toMillis()));
                try {
                    wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Drained(acceptedTotal - acceptedBefore, backlog() + inFlightRecords);
                }
            }
        }
    }

    /**
     * What a {@link #drain} achieved.
     *
     * @param delivered records logging-service accepted during the drain
     * @param left      records still waiting or in flight when it ended
     */
    public record Drained(long delivered, int left) {}

    /** Why a delivery failed, without anything a record holds. */
    private static String reason(Throwable failure) {
        return failure instanceof LoggingBatchSender.DeliveryFailedException
                        || failure instanceof BatchRejectedException
                ? failure.getMessage()
                : failure.getClass().getSimpleName();
    }

    /** Records waiting, including those waiting to be resent. */
    public synchronized int backlog() {
        int pending = queue.size();
        for (Piece piece : resends) {
            pending += piece.records.size();
        }
        for (Piece piece : suspects) {
            pending += piece.records.size();
        }
        return pending;
    }

    /** Records of one delivery and what their failures so far say. Mutated under the shipper's monitor only. */
    private static final class Piece {

        final List<ApiCallRecord> records;
        /** {@link #answered} when this piece was made or last failed. */
        long answeredBefore;
        /** Failures in a row. */
        int failures;
        /**
         * Failures of a single record while logging-service answered others; above zero, it waits among the suspects,
         * on its own schedule.
         */
        int strikes;

        long notBefore;

        Piece(List<ApiCallRecord> records, long answeredBefore) {
            this.records = records;
            this.answeredBefore = answeredBefore;
        }
    }
}
