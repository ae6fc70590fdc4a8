package io.apiguard.sidecar.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

class CallShipperTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
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

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static ApiCallRecord call() {
        return new ApiCallRecord(UUID.randomUUID(), Instant.parse("2026-11-22T10:00:00Z"), 10,
                new ApiCallRecord.Api("api.example", "GET", "/x", null, null, null), null, null, Identity.anonymous(),
                200, 0, 0, List.of(), ApiCallRecord.Decision.allowed(), null);
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

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
