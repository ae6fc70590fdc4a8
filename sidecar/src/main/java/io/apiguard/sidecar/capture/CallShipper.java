package io.apiguard.sidecar.capture;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiCallRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The bounded, asynchronous road from the proxy to logging-service. The proxy only ever {@link #offer}s a record: a
 * non-blocking enqueue that drops (and counts) the record when the queue is full, so a slow or dead logging-service
 * costs records, never client latency. Up to {@code max-in-flight} deliveries run at once, started when a batch is
 * full or the flush interval passes; a failed batch is kept and resent first once the backoff has passed, which is how
 * delivery resumes by itself when logging-service is back.
 */
@ApplicationScoped
public class CallShipper {

    private static final Logger LOGGER = Logger.getLogger(CallShipper.class);

    private final BatchSender sender;
    private final CaptureConfig config;
    private final Clock clock;
    private final ArrayBlockingQueue<ApiCallRecord> queue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedDeque<List<ApiCallRecord>> unsent = new ConcurrentLinkedDeque<>();
    private final Counter dropped;
    private final Counter delivered;
    private final Counter refused;
    private final Counter failedDeliveries;
    private volatile long nextAttemptMillis;

    @Inject
    CallShipper(LoggingBatchSender sender, CaptureConfig config, MeterRegistry registry) {
        this((BatchSender) sender, config, registry, Clock.systemUTC());
    }

    CallShipper(BatchSender sender, CaptureConfig config, MeterRegistry registry, Clock clock) {
        this.sender = sender;
        this.config = config;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.dropped = Counter.builder("apiguard.sidecar.capture.dropped")
                .description("Call records dropped because the delivery queue was full").register(registry);
        this.delivered = Counter.builder("apiguard.sidecar.capture.delivered")
                .description("Call records accepted by logging-service").register(registry);
        this.refused = Counter.builder("apiguard.sidecar.capture.refused")
                .description("Call records logging-service refused as invalid").register(registry);
        this.failedDeliveries = Counter.builder("apiguard.sidecar.capture.failed.deliveries")
                .description("Batches that did not reach logging-service and wait to be resent").register(registry);
        Gauge.builder("apiguard.sidecar.capture.queued", queue, ArrayBlockingQueue::size)
                .description("Call records waiting for delivery").register(registry);
    }

    /** Queues a record for delivery; false (and counted) when the queue is full. Never blocks. */
    public boolean offer(ApiCallRecord call) {
        if (!queue.offer(call)) {
            dropped.increment();
            return false;
        }
        if (queue.size() >= config.batchSize()) {
            flush();
        }
        return true;
    }

    /** A Vert.x timer, not the scheduler: flush intervals are below the scheduler's one-second floor. */
    void startFlushing(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(config.flushInterval().toMillis(), timer -> flush());
    }

    /**
     * Starts deliveries while fewer than {@code max-in-flight} run, the backoff has passed and records wait: failed
     * batches first, then the queue in order.
     */
    public void flush() {
        while (clock.millis() >= nextAttemptMillis) {
            int running = inFlight.get();
            if (running >= config.maxInFlight()) {
                return;
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<ApiCallRecord> batch = unsent.pollFirst();
            if (batch == null) {
                batch = new ArrayList<>(Math.min(queue.size(), config.batchSize()));
                queue.drainTo(batch, config.batchSize());
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                return;
            }
            deliver(batch);
            if (unsent.isEmpty() && queue.size() < config.batchSize()) {
                // a partial batch waits for the next interval rather than going out in pieces
                return;
            }
        }
    }

    private void deliver(List<ApiCallRecord> batch) {
        sender.send(batch).subscribe().with(accepted -> {
            delivered.increment(accepted);
            refused.increment(batch.size() - accepted);
            inFlight.decrementAndGet();
            if (queue.size() >= config.batchSize() || !unsent.isEmpty()) {
                flush();
            }
        }, failure -> {
            unsent.addFirst(batch);
            nextAttemptMillis = clock.millis() + config.retryBackoff().toMillis();
            failedDeliveries.increment();
            LOGGER.debugf("Delivery of %d call records failed, resending in %s: %s", batch.size(),
                    config.retryBackoff(), failure.getMessage());
            inFlight.decrementAndGet();
        });
    }

    /** Records waiting, including a batch waiting to be resent. */
    public int backlog() {
        int pending = 0;
        for (List<ApiCallRecord> batch : unsent) {
            pending += batch.size();
        }
        return queue.size() + pending;
    }
}
