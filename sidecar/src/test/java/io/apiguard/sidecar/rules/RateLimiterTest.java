package io.apiguard.sidecar.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.RateKey;

class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** The clock of both the buckets and their expiry, as in production (both read System.nanoTime there). */
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    /** Eviction and expiry on the calling thread, so a test sees them at once. */
    private RateLimiter limiter(int ratePerSecond, int maxKeys) {
        return new RateLimiter(ratePerSecond, maxKeys, now::get, Runnable::run);
    }

    private boolean acquire(RateLimiter limiter, String subject, String address) {
        return limiter.tryAcquire(subject, address, now.get());
    }

    @Test
    void aCallerGetsItsRateAndBurstThenIsLimited() {
        // Given
        RateLimiter limiter = limiter(5, 100);

        // When: six calls at the same instant
        long allowed = IntStream.range(0, 6)
                .filter(i -> acquire(limiter, "mallory", null))
                .count();

        // Then: a burst of one second's worth, then limited; another caller has a bucket of its own
        assertThat(allowed).isEqualTo(5);
        assertThat(acquire(limiter, "alice", null)).isTrue();
        assertThat(acquire(limiter, null, "203.0.113.9")).isTrue();
        // a fifth of a second later, one more token
        now.addAndGet(SECOND / 5);
        assertThat(acquire(limiter, "mallory", null)).isTrue();
        assertThat(acquire(limiter, "mallory", null)).isFalse();
    }

    @Test
    void aBucketUntouchedForTheWindowExpiresAndTheCallerStartsFull() {
        // Given: mallory emptied her bucket
        RateLimiter limiter = limiter(3, 100);
        IntStream.range(0, 3).forEach(i -> acquire(limiter, "mallory", null));
        assertThat(acquire(limiter, "mallory", null)).isFalse();

        // When: the window (one second) passes without a call
        now.addAndGet(SECOND + 1);
        limiter.cleanUp();

        // Then: the bucket is gone, and a new one is full, as the old one would have been
        assertThat(limiter.trackedCallers()).isZero();
        assertThat(IntStream.range(0, 4)
                        .filter(i -> acquire(limiter, "mallory", null))
                        .count())
                .isEqualTo(3);
    }

    @Test
    void aBucketInUseDoesNotExpire() {
        // Given
        RateLimiter limiter = limiter(2, 100);

        // When: a call every 0.6 s for five seconds
        for (int i = 0; i < 8; i++) {
            acquire(limiter, "alice", null);
            now.addAndGet(SECOND * 6 / 10);
            limiter.cleanUp();
        }

        // Then
        assertThat(limiter.trackedCallers()).isEqualTo(1);
    }

    @Test
    void aFullCacheKeepsServingAndStaysBounded() {
        // Given: room for 100 callers
        RateLimiter limiter = limiter(10, 100);

        // When: 10,000 distinct addresses call once each, within the window
        long allowed = IntStream.range(0, 10_000)
                .filter(i -> acquire(limiter, null, "198.51." + (i / 256) + "." + (i % 256)))
                .count();
        limiter.cleanUp();

        // Then: every first call had a token, and memory stayed bounded
        assertThat(allowed).isEqualTo(10_000);
        assertThat(limiter.trackedCallers()).isLessThanOrEqualTo(100);
    }

    @Test
    void aFloodOfOneOffCallersDoesNotEvictTheRecurringCallerBeingLimited() {
        // Given: a recurring caller, limited, among a few regular callers
        RateLimiter limiter = limiter(5, 100);
        for (int round = 0; round < 20; round++) {
            acquire(limiter, null, "203.0.113.66");
            IntStream.range(0, 20).forEach(i -> acquire(limiter, null, "192.0.2." + i));
        }
        assertThat(acquire(limiter, null, "203.0.113.66")).isFalse();

        // When: 50,000 one-off addresses flood a cache of 100, within the window
        IntStream.range(0, 50_000)
                .forEach(i -> acquire(limiter, null, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
        limiter.cleanUp();

        // Then: its bucket is still the empty one, not a new full bucket
        assertThat(acquire(limiter, null, "203.0.113.66")).isFalse();
        assertThat(limiter.trackedCallers()).isLessThanOrEqualTo(100);
    }

    @Test
    void subjectsAndAddressesAreTrackedApart() {
        // Given
        RateLimiter limiter = limiter(1, 100);

        // When: a subject named like an address empties its bucket
        acquire(limiter, "203.0.113.9", "198.51.100.1");

        // Then: the address of that name still has its own
        assertThat(acquire(limiter, "203.0.113.9", null)).isFalse();
        assertThat(acquire(limiter, null, "203.0.113.9")).isTrue();
        // and a call with neither shares the anonymous bucket
        assertThat(acquire(limiter, null, null)).isTrue();
        assertThat(acquire(limiter, null, null)).isFalse();
    }

    /** Fifty calls in the same instant, each from a new address and for a new account, as a rotating stuffer sends. */
    private long allowedOfFiftyRotatingCalls(RateLimiter limiter, String apiId) {
        return IntStream.range(0, 50)
                .filter(i -> limiter.tryAcquire(null, "198.51.100." + i, apiId, now.get()))
                .count();
    }

    @Test
    void aSharedBucketSlowsFiftyCallsFromFiftyAddresses() {
        // Given: 5 calls per second for the whole API, whoever calls
        RateLimiter limiter = new RateLimiter(5, RateKey.API, 100, now::get, Runnable::run);

        // When
        long allowed = allowedOfFiftyRotatingCalls(limiter, "shop");

        // Then: the burst of one second's worth, then every new address is limited with the rest
        assertThat(allowed).isEqualTo(5);
        assertThat(limiter.trackedCallers()).isEqualTo(1);
    }

    @Test
    void aPerCallerBucketDoesNotSlowFiftyCallsFromFiftyAddresses() {
        // Given: the same rate, one bucket per caller (today's default) or per address
        RateLimiter perCaller = new RateLimiter(5, RateKey.CALLER, 100, now::get, Runnable::run);
        RateLimiter perAddress = new RateLimiter(5, RateKey.ADDRESS, 100, now::get, Runnable::run);

        // When / Then: every rotating address starts with a full bucket, so nothing is slowed
        assertThat(allowedOfFiftyRotatingCalls(perCaller, "shop")).isEqualTo(50);
        assertThat(allowedOfFiftyRotatingCalls(perAddress, "shop")).isEqualTo(50);
    }

    @Test
    void aSharedBucketOfOneApiLeavesAnotherApiUntouched() {
        // Given: the stuffer emptied the bucket of the shop API
        RateLimiter limiter = new RateLimiter(5, RateKey.OPERATION, 100, now::get, Runnable::run);
        allowedOfFiftyRotatingCalls(limiter, "shop");

        // When: an honest caller of another API that the same rule matches (a rule on a template, no api)
        long honest = IntStream.range(0, 5)
                .filter(i -> limiter.tryAcquire("alice", "192.0.2.7", "billing", now.get()))
                .count();

        // Then: that API has a full bucket of its own
        assertThat(honest).isEqualTo(5);
        assertThat(limiter.tryAcquire(null, "198.51.100.99", "shop", now.get())).isFalse();
    }

    @Test
    void anAddressKeyIgnoresTheSubjectsACallerRotates() {
        // Given: one address, a new subject on every call
        RateLimiter limiter = new RateLimiter(5, RateKey.ADDRESS, 100, now::get, Runnable::run);

        // When
        long allowed = IntStream.range(0, 50)
                .filter(i -> limiter.tryAcquire("user-" + i, "198.51.100.1", "shop", now.get()))
                .count();

        // Then
        assertThat(allowed).isEqualTo(5);
    }
}
