package io.apiguard.logging.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.store.CallRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Publishes the stored calls still owed to {@code apiguard.calls.normalized}: those whose publication failed (the
 * broker was down) or was cut short (the app stopped between storing and the broker's acknowledgement). Only notes
 * older than {@code republish-after} are taken, longer than a publication may take, so a call still on its way is not
 * sent twice; the notes are locked while a sweep works on them, so replicas never sweep the same call.
 */
@ApplicationScoped
public class UnpublishedCallSweeper {

    private static final Logger LOGGER = Logger.getLogger(UnpublishedCallSweeper.class);

    private final CallRepository store;
    private final NormalizedCallProducer producer;
    private final Duration republishAfter;
    private final int batch;
    private final Counter republished;
    private final Clock clock = Clock.systemUTC();

    UnpublishedCallSweeper(
            CallRepository store, NormalizedCallProducer producer, LoggingConfig config, MeterRegistry registry) {
        this.store = store;
        this.producer = producer;
        this.republishAfter = config.stream().republishAfter();
        this.batch = config.stream().republishBatch();
        this.republished = Counter.builder("apiguard.logging.calls.republished")
                .description("Stored call records published by the sweep after their first publication failed")
                .register(registry);
    }

    @Scheduled(
            every = "${apiguard.logging.stream.republish-every:1m}",
            delayed = "${apiguard.logging.stream.republish-every:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep(clock.instant().minus(republishAfter))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOGGER.warnf("The sweep of unpublished calls failed, it runs again: %s", failure.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Publishes up to one batch of the calls owed to the stream since before {@code queuedBefore}; emits how many. */
    public Uni<Integer> sweep(Instant queuedBefore) {
        return store.settleOwed(queuedBefore, batch, producer::publish).invoke(count -> {
            if (count > 0) {
                republished.increment(count);
                LOGGER.infof("Published %d stored calls whose first publication had not been acknowledged", count);
            }
        });
    }
}
