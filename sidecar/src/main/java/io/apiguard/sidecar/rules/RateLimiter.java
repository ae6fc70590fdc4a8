package io.apiguard.sidecar.rules;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.apiguard.common.events.RateKey;

/**
 * The token buckets of one rate-limit rule, kept per what its {@link RateKey} says: per caller (subject, else client
 * address), per client address, or one bucket shared by every caller of an API (for {@link RateKey#OPERATION} the rule
 * matches one template, so a bucket per API is one per API and operation). A shared bucket is what slows an attack spread
 * over rotating addresses: each new address would start with a full bucket of its own. A burst of one second's worth. Each bucket is the generic cell rate algorithm on a single {@link AtomicLong} (the theoretical
 * arrival time), so event loops share buckets without locks. Outlives rule-set swaps while the rule keeps its rate.
 *
 * <p>The buckets live in two bounded Caffeine caches (subjects, addresses). A bucket untouched for the rule's window
 * (one second) is full again, the same as a new one, so it expires then. When a cache is full, W-TinyLFU admits a new
 * caller only over a less frequent one: an address-spraying flood of one-off callers passes through the small
 * admission window and leaves the buckets of the recurring callers, the ones being limited, where they are. A caller
 * that was not admitted, or whose bucket was evicted, starts again with a full bucket; memory stays bounded either way.
 *
 * <p>Threading: {@link #tryAcquire} is called on every event loop at once. A known caller costs a lock-free cache read
 * and a compare-and-set; a new one a brief hash-bin lock while an empty {@link AtomicLong} is created. Eviction and
 * expiry run on {@code maintenance} (the common pool in production), never on the calling thread unless Caffeine's
 * write buffer overflows; nothing runs on eviction.
 */
final class RateLimiter {

    private final int ratePerSecond;
    private final RateKey key;
    private final long intervalNanos;
    private final long burstNanos;
    private final Cache<String, AtomicLong> bySubject;
    /** Per client address, or for a shared key per API id. */
    private final Cache<String, AtomicLong> byAddress;

    /** A per-caller limiter on the system clock ({@link System#nanoTime}, as the evaluator's {@code nowNanos}). */
    RateLimiter(int ratePerSecond, int maxKeys) {
        this(ratePerSecond, RateKey.CALLER, maxKeys);
    }

    /** A limiter keyed by {@code key} on the system clock. */
    RateLimiter(int ratePerSecond, RateKey key, int maxKeys) {
        this(ratePerSecond, key, maxKeys, Ticker.systemTicker(), ForkJoinPool.commonPool());
    }

    /** A per-caller limiter (tests). */
    RateLimiter(int ratePerSecond, int maxKeys, Ticker ticker, Executor maintenance) {
        this(ratePerSecond, RateKey.CALLER, maxKeys, ticker, maintenance);
    }

    /**
     * @param ratePerSecond calls per second each bucket allows
     * @param key           what a bucket is kept per
     * @param maxKeys       buckets kept at most, per kind (subjects, addresses or APIs)
     * @param ticker        the clock of the buckets' expiry: the one {@code nowNanos} is read from
     * @param maintenance   where eviction and expiry run
     */
    RateLimiter(int ratePerSecond, RateKey key, int maxKeys, Ticker ticker, Executor maintenance) {
        this.ratePerSecond = ratePerSecond;
        this.key = key;
        this.intervalNanos = Math.max(1, TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
        this.burstNanos = intervalNanos * (ratePerSecond - 1L);
        // a bucket last taken from at t holds a theoretical arrival time of at most t + burst + interval
        Duration window = Duration.ofNanos(burstNanos + intervalNanos);
        this.bySubject = key == RateKey.CALLER ? buckets(maxKeys, window, ticker, maintenance) : null;
        this.byAddress = buckets(maxKeys, window, ticker, maintenance);
    }

    private static Cache<String, AtomicLong> buckets(
            int maxKeys, Duration window, Ticker ticker, Executor maintenance) {
        return Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(window)
                .ticker(ticker)
                .executor(maintenance)
                .build();
    }

    int ratePerSecond() {
        return ratePerSecond;
    }

    RateKey key() {
        return key;
    }

    /** Takes a token for a call of a per-caller or per-address limiter (one that keys no bucket by API). */
    boolean tryAcquire(String subject, String clientIp, long nowNanos) {
        return tryAcquire(subject, clientIp, null, nowNanos);
    }

    /**
     * Takes a token from the bucket the call draws from; false when it is empty. Allocates nothing for a bucket that
     * exists.
     *
     * @param apiId the call's API, which keys a shared bucket; null when no route named one
     */
    boolean tryAcquire(String subject, String clientIp, String apiId, long nowNanos) {
        AtomicLong bucket = switch (key) {
            case CALLER ->
                subject != null ? bucket(bySubject, subject) : bucket(byAddress, clientIp == null ? "" : clientIp);
            case ADDRESS -> bucket(byAddress, clientIp == null ? "" : clientIp);
            // the rule matched the call, so its template (for OPERATION) is fixed: the API alone tells buckets apart
            case OPERATION, API -> bucket(byAddress, apiId == null ? "" : apiId);
        };
        while (true) {
            long tat = bucket.get();
            long start = tat == Long.MIN_VALUE || tat < nowNanos ? nowNanos : tat;
            if (start - nowNanos > burstNanos) {
                return false;
            }
            if (bucket.compareAndSet(tat, start + intervalNanos)) {
                return true;
            }
        }
    }

    private static AtomicLong bucket(Cache<String, AtomicLong> buckets, String key) {
        AtomicLong bucket = buckets.getIfPresent(key);
        return bucket != null ? bucket : buckets.get(key, ignored -> new AtomicLong(Long.MIN_VALUE));
    }

    /** Buckets held, subjects and addresses or APIs (approximate: eviction runs behind; tests). */
    long trackedCallers() {
        return (bySubject == null ? 0 : bySubject.estimatedSize()) + byAddress.estimatedSize();
    }

    /** Runs pending eviction and expiry now (tests). */
    void cleanUp() {
        if (bySubject != null) {
            bySubject.cleanUp();
        }
        byAddress.cleanUp();
    }
}
