package io.apiguard.sidecar.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.testing.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

class CallShipperTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<List<ApiCallRecord>> deliveries = new ArrayList<>();
    private boolean receiverUp;
    private int refusePerBatch;

    private final BatchSender sender = batch -> {
        if (!receiverUp) {
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }
        deliveries.add(List.copyOf(batch));
        return Uni.createFrom().item(batch.size() - refusePerBatch);
    };

    private final CallShipper shipper = new CallShipper(sender, config(4, 2), registry, clock);

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler warningHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                Object[] parameters = record.getParameters();
                warnings.add(parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureWarnings() {
        java.util.logging.Logger.getLogger(CallShipper.class.getName()).addHandler(warningHandler);
    }

    @AfterEach
    void releaseWarnings() {
        java.util.logging.Logger.getLogger(CallShipper.class.getName()).removeHandler(warningHandler);
    }

    @Test
    void beyondTheBoundRecordsAreDroppedAndCountedAndTheRestIsDeliveredOnceTheReceiverIsBack() {
        // Given: the receiver is down; one batch of 2 fails and is kept, 4 more fill the queue, 2 more find it full
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(call());
        }

        // When
        List<Boolean> queued = calls.stream().map(shipper::offer).toList();

        // Then
        assertThat(queued).containsExactly(true, true, true, true, true, true, false, false);
        assertThat(counter("apiguard.sidecar.capture.dropped")).isEqualTo(2);
        assertThat(counter("apiguard.sidecar.capture.failed.deliveries")).isEqualTo(1);
        assertThat(shipper.backlog()).isEqualTo(6);
        assertThat(registry.get("apiguard.sidecar.capture.queued").gauge().value())
                .isEqualTo(6);

        // When: the receiver is back, but the backoff has not passed yet
        receiverUp = true;
        shipper.flush();
        assertThat(deliveries).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        shipper.flush();

        // Then: the failed batch goes first, then the queue drains batch by batch
        assertThat(deliveries).hasSize(3);
        assertThat(deliveries.get(0)).containsExactlyElementsOf(calls.subList(0, 2));
        assertThat(deliveries.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(calls.subList(0, 6));
        assertThat(counter("apiguard.sidecar.capture.delivered")).isEqualTo(6);
        assertThat(shipper.backlog()).isZero();
    }

    @Test
    void aDrainDeliversEveryWaitingRecordOnceThePartialBatchIncluded() {
        // Given: 3 records (a partial batch of a batch size of 2... plus one) wait; one delivery failed earlier
        receiverUp = false;
        List<ApiCallRecord> calls = List.of(call(), call(), call());
        calls.forEach(shipper::offer);
        assertThat(shipper.backlog()).isEqualTo(3);
        receiverUp = true;
        clock.advance(Duration.ofSeconds(1));

        // When
        CallShipper.Drained drained = shipper.drain(Duration.ofSeconds(5));

        // Then
        assertThat(drained).isEqualTo(new CallShipper.Drained(3, 0));
        assertThat(deliveries.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(calls);
        assertThat(shipper.backlog()).isZero();
    }

    @Test
    void aDrainThatCannotDeliverEndsAtItsTimeoutWithTheCountLeft() {
        // Given: the receiver is down, and the backoff after the failed delivery never passes on this clock
        receiverUp = false;
        List.of(call(), call(), call()).forEach(shipper::offer);

        // When
        long started = System.nanoTime();
        CallShipper.Drained drained = shipper.drain(Duration.ofMillis(300));

        // Then
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(300), Duration.ofMillis(800));
        assertThat(drained).isEqualTo(new CallShipper.Drained(0, 3));
    }

    @Test
    void recordsTheReceiverRefusesAreCountedAndNotResent() {
        // Given
        receiverUp = true;
        refusePerBatch = 1;

        // When
        shipper.offer(call());
        shipper.offer(call());
        shipper.flush();

        // Then
        assertThat(deliveries).hasSize(1);
        assertThat(counter("apiguard.sidecar.capture.delivered")).isEqualTo(1);
        assertThat(counter("apiguard.sidecar.capture.refused")).isEqualTo(1);
        assertThat(shipper.backlog()).isZero();
    }

    @Test
    void severalBatchesTravelAtOnceUpToTheLimitAndTheNextStartsWhenOneLands() {
        // Given: a receiver that answers only when told, and room for two deliveries in flight
        List<io.smallrye.mutiny.subscription.UniEmitter<? super Integer>> pending = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        BatchSender slow = batch -> Uni.createFrom().emitter(emitter -> {
            sizes.add(batch.size());
            pending.add(emitter);
        });
        CallShipper parallel = new CallShipper(slow, config(100, 2, 2), registry, clock);

        // When: ten records make five full batches
        for (int i = 0; i < 10; i++) {
            parallel.offer(call());
        }

        // Then: two are on their way, the rest wait
        assertThat(pending).hasSize(2);
        assertThat(parallel.backlog()).isEqualTo(6);

        // When: one lands
        pending.get(0).complete(2);

        // Then: the next starts at once
        assertThat(pending).hasSize(3);
        assertThat(sizes).containsOnly(2);
        assertThat(parallel.backlog()).isEqualTo(4);
    }

    @Test
    void aRecordThatAlwaysFailsIsDeadLetteredByIdAndEveryOtherRecordArrivesOnce() {
        // Given: logging-service answers 500 to any batch holding the poison record, and takes every other batch
        ApiCallRecord poison = call("/accounts/secret-content");
        Receiver receiver = new Receiver(batch -> batch.contains(poison) ? failure(500) : null);
        CallShipper shipper = new CallShipper(receiver, config(1_000, 8, 2), registry, clock);
        List<ApiCallRecord> sent = new ArrayList<>();

        // When: the poison record arrives among others, and calls keep coming
        for (int i = 0; i < 8; i++) {
            ApiCallRecord call = i == 3 ? poison : call();
            sent.add(call);
            shipper.offer(call);
        }
        for (int round = 0; round < 30 && counter("apiguard.sidecar.capture.dead.lettered") == 0; round++) {
            clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 3; i++) {
                ApiCallRecord call = call();
                sent.add(call);
                shipper.offer(call);
            }
            shipper.flush();
        }
        clock.advance(Duration.ofSeconds(1));
        shipper.flush();

        // Then: the poison record is dead-lettered, logged once by its id (never its content); the rest arrives once
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isEqualTo(1);
        assertThat(receiver.accepted())
                .doesNotContain(poison)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().filter(call -> call != poison).toList());
        assertThat(shipper.backlog()).isZero();
        assertThat(warnings)
                .filteredOn(line -> line.contains("dead-lettered"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line).contains(poison.id().toString());
                    assertThat(line).doesNotContain("secret-content");
                });
    }

    @Test
    void aSuspectRecordWaitsBesideTheQueueNotInFrontOfIt() {
        // Given: the poison record was isolated and failed once on its own while others passed
        ApiCallRecord poison = call();
        Receiver receiver = new Receiver(batch -> batch.contains(poison) ? failure(500) : null);
        CallShipper shipper = new CallShipper(receiver, config(1_000, 4, 2), registry, clock);
        shipper.offer(poison);
        for (int i = 0; i < 3; i++) {
            shipper.offer(call());
        }
        // (its first try alone may land before its neighbour's success: only the second is known to fail alone)
        for (int round = 0; round < 10 && receiver.triedAlone(poison) < 2; round++) {
            clock.advance(Duration.ofSeconds(1));
            shipper.flush();
        }
        assertThat(shipper.backlog()).isEqualTo(1);
        int acceptedBefore = receiver.accepted().size();

        // When: a full batch arrives before the suspect's next try is due
        List<ApiCallRecord> later = List.of(call(), call(), call(), call());
        later.forEach(shipper::offer);

        // Then: it goes at once, without waiting behind the suspect
        assertThat(receiver.accepted()).hasSize(acceptedBefore + 4).containsAll(later);
        assertThat(shipper.backlog()).isEqualTo(1);
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isZero();
    }

    @Test
    void anOutageDeadLettersNothingAndEverythingArrivesOnceWhenItIsBack() {
        // Given: logging-service answers 503 to everything, for longer than any number of attempts
        boolean[] down = {true};
        Receiver receiver = new Receiver(batch -> down[0] ? failure(503) : null);
        CallShipper shipper = new CallShipper(receiver, config(1_000, 8, 2), registry, clock);
        List<ApiCallRecord> sent = new ArrayList<>();
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i < 4; i++) {
                ApiCallRecord call = call();
                sent.add(call);
                shipper.offer(call);
            }
            clock.advance(Duration.ofSeconds(1));
            shipper.flush();
        }
        assertThat(receiver.accepted()).isEmpty();
        assertThat(shipper.backlog()).isEqualTo(sent.size());
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isZero();

        // When: it is back
        down[0] = false;
        int triedBefore = receiver.tried.size();
        for (int round = 0; round < 5; round++) {
            clock.advance(Duration.ofSeconds(1));
            shipper.flush();
        }

        // Then: every record arrives, once; none was dead-lettered
        assertThat(receiver.accepted()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(shipper.backlog()).isZero();
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isZero();
        assertThat(warnings).noneMatch(line -> line.contains("dead-lettered"));
        // the outage split a few probes, not the backlog: it leaves mostly whole batches
        assertThat(receiver.tried.size() - triedBefore).isLessThan(sent.size() / 4);
    }

    @Test
    void anOutageWhileARecordIsSuspectDoesNotCountAgainstIt() {
        // Given: a record failed on its own once while others passed (a hiccup), then logging-service goes down
        ApiCallRecord unlucky = call();
        boolean[] hiccup = {true};
        boolean[] down = {false};
        Receiver receiver = new Receiver(
                batch -> down[0] ? failure(503) : hiccup[0] && batch.contains(unlucky) ? failure(500) : null);
        CallShipper shipper = new CallShipper(receiver, config(1_000, 2, 2), registry, clock);
        shipper.offer(unlucky);
        shipper.offer(call());
        for (int round = 0; round < 10 && shipper.backlog() > 1; round++) {
            clock.advance(Duration.ofSeconds(1));
            shipper.flush();
        }
        assertThat(shipper.backlog()).isEqualTo(1);
        hiccup[0] = false;
        down[0] = true;

        // When: the outage lasts, calls keep coming (and fail), then it ends
        for (int round = 0; round < 20; round++) {
            shipper.offer(call());
            shipper.offer(call());
            clock.advance(Duration.ofSeconds(1));
            shipper.flush();
        }
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isZero();
        down[0] = false;
        for (int round = 0; round < 5; round++) {
            clock.advance(Duration.ofSeconds(1));
            shipper.flush();
        }

        // Then: the record was never held against the outage: it arrives
        assertThat(receiver.accepted()).contains(unlucky).doesNotHaveDuplicates();
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isZero();
        assertThat(shipper.backlog()).isZero();
    }

    @Test
    void poisonInBothHalvesOfEveryBatchIsStillFoundByProbing() {
        // Given: two poison records, one in each half of the first batch, and nothing else to deliver
        ApiCallRecord first = call();
        ApiCallRecord second = call();
        Receiver receiver =
                new Receiver(batch -> batch.contains(first) || batch.contains(second) ? failure(500) : null);
        CallShipper shipper = new CallShipper(receiver, config(1_000, 8, 1), registry, clock);
        List<ApiCallRecord> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ApiCallRecord call = i == 1 ? first : i == 6 ? second : call();
            sent.add(call);
            shipper.offer(call);
        }

        // When: time passes; a few calls keep coming
        for (int round = 0; round < 60 && counter("apiguard.sidecar.capture.dead.lettered") < 2; round++) {
            clock.advance(Duration.ofSeconds(1));
            ApiCallRecord call = call();
            sent.add(call);
            shipper.offer(call);
            shipper.flush();
        }
        clock.advance(Duration.ofSeconds(1));
        shipper.flush();

        // Then
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isEqualTo(2);
        assertThat(receiver.accepted())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent.stream()
                        .filter(call -> call != first && call != second)
                        .toList());
        assertThat(shipper.backlog()).isZero();
    }

    @Test
    void aBatchRefusedWholeIsSplitAtOnceAndARecordRefusedWholeOnItsOwnIsDeadLettered() {
        // Given: logging-service refuses whole (413) any batch holding the oversized record
        ApiCallRecord oversized = call();
        Receiver receiver = new Receiver(batch -> batch.contains(oversized)
                ? Uni.createFrom().failure(new BatchRejectedException("logging-service refused a batch whole (413)"))
                : null);
        CallShipper shipper = new CallShipper(receiver, config(1_000, 8, 1), registry, clock);
        List<ApiCallRecord> sent = new ArrayList<>();

        // When: no time passes at all
        for (int i = 0; i < 8; i++) {
            ApiCallRecord call = i == 5 ? oversized : call();
            sent.add(call);
            shipper.offer(call);
        }

        // Then: split without waiting, the others delivered once, the oversized one dead-lettered
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isEqualTo(1);
        assertThat(receiver.accepted())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().filter(call -> call != oversized).toList());
        assertThat(shipper.backlog()).isZero();
    }

    @Test
    void aSenderThatThrowsFailsTheDeliveryNotTheProxy() {
        // Given: a record the sender cannot encode (it throws instead of returning a failed delivery)
        ApiCallRecord unencodable = call();
        Receiver receiver = new Receiver(batch -> {
            if (batch.contains(unencodable)) {
                throw new IllegalArgumentException("cannot encode");
            }
            return null;
        });
        CallShipper shipper = new CallShipper(receiver, config(1_000, 4, 2), registry, clock);
        List<ApiCallRecord> sent = new ArrayList<>();

        // When / Then: offering never throws, and the record is isolated like any poison
        for (int i = 0; i < 4; i++) {
            ApiCallRecord call = i == 0 ? unencodable : call();
            sent.add(call);
            assertThatCode(() -> shipper.offer(call)).doesNotThrowAnyException();
        }
        for (int round = 0; round < 30 && counter("apiguard.sidecar.capture.dead.lettered") == 0; round++) {
            clock.advance(Duration.ofSeconds(1));
            ApiCallRecord call = call();
            sent.add(call);
            shipper.offer(call);
            shipper.flush();
        }
        clock.advance(Duration.ofSeconds(1));
        shipper.flush();
        assertThat(counter("apiguard.sidecar.capture.dead.lettered")).isEqualTo(1);
        assertThat(receiver.accepted())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().filter(call -> call != unencodable).toList());
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static Uni<Integer> failure(int status) {
        return Uni.createFrom()
                .failure(new LoggingBatchSender.DeliveryFailedException("logging-service answered " + status));
    }

    private static ApiCallRecord call() {
        return call("/x");
    }

    private static ApiCallRecord call(String path) {
        return new ApiCallRecord(
                UUID.randomUUID(),
                Instant.parse("2026-11-22T10:00:00Z"),
                10,
                new ApiCallRecord.Api("api.example", "GET", path, null, null, null),
                null,
                null,
                Identity.anonymous(),
                200,
                0,
                0,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);
    }

    private static CaptureConfig config(int capacity, int batchSize) {
        return config(capacity, batchSize, 1);
    }

    private static CaptureConfig config(int capacity, int batchSize, int maxInFlight) {
        return new CaptureConfig() {
            public boolean enabled() {
                return true;
            }

            public int queueCapacity() {
                return capacity;
            }

            public int batchSize() {
                return batchSize;
            }

            public int maxInFlight() {
                return maxInFlight;
            }

            public Duration flushInterval() {
                return Duration.ofMillis(200);
            }

            public Duration retryBackoff() {
                return Duration.ofSeconds(1);
            }

            public int maxAttempts() {
                return 3;
            }

            public Duration shutdownFlushTimeout() {
                return Duration.ofSeconds(10);
            }

            public Optional<String> service() {
                return Optional.empty();
            }

            public Optional<String> namespace() {
                return Optional.empty();
            }

            public Optional<String> pod() {
                return Optional.empty();
            }
        };
    }

    /**
     * A stand-in for logging-service: {@code verdict} answers a batch with a failed delivery, or null to take it whole;
     * everything taken is kept, in order, to check that nothing arrives twice.
     */
    private static final class Receiver implements BatchSender {

        private final Function<Set<ApiCallRecord>, Uni<Integer>> verdict;
        private final List<ApiCallRecord> accepted = new ArrayList<>();
        private final List<List<ApiCallRecord>> tried = new ArrayList<>();

        Receiver(Function<Set<ApiCallRecord>, Uni<Integer>> verdict) {
            this.verdict = verdict;
        }

        @Override
        public Uni<Integer> send(List<ApiCallRecord> batch) {
            tried.add(List.copyOf(batch));
            Uni<Integer> refusal = verdict.apply(Set.copyOf(batch));
            if (refusal != null) {
                return refusal;
            }
            accepted.addAll(batch);
            return Uni.createFrom().item(batch.size());
        }

        List<ApiCallRecord> accepted() {
            return accepted;
        }

        /** How often {@code record} was sent in a batch of its own. */
        long triedAlone(ApiCallRecord record) {
            return tried.stream().filter(batch -> batch.equals(List.of(record))).count();
        }
    }
}
