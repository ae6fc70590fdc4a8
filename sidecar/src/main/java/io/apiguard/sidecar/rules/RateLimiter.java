package io.apiguard.sidecar.rules;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The token buckets of one rate-limit rule, one per caller (subject, else client address), with a burst of one
 * second's worth. Each bucket is the generic cell rate algorithm on a single {@link AtomicLong} (the theoretical
 * arrival time), so event loops share buckets without locks. Outlives rule-set swaps while the rule keeps its rate.
 */
final class RateLimiter {

    private final int ratePerSecond;
    private final long intervalNanos;
    private final long burstNanos;
    private final int maxKeys;
    private final ConcurrentHashMap<String, AtomicLong> bySubject = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> byAddress = new ConcurrentHashMap<>();
    /** Callers beyond {@link #maxKeys} share this bucket: memory stays bounded under an address-spraying attack. */
    private final AtomicLong overflow = new AtomicLong(Long.MIN_VALUE);

    RateLimiter(int ratePerSecond, int maxKeys) {
        this.ratePerSecond = ratePerSecond;
        this.intervalNanos = Math.max(1, TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
        this.burstNanos = intervalNanos * (ratePerSecond - 1L);
        this.maxKeys = maxKeys;
    }

    int ratePerSecond() {
        return ratePerSecond;
    }

    /** Takes a token for the caller; false when its bucket is empty. */
    boolean tryAcquire(String subject, String clientIp, long nowNanos) {
        AtomicLong bucket = subject != null ? bucket(bySubject, subject, nowNanos)
                : bucket(byAddress, clientIp == null ? "" : clientIp, nowNanos);
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

    private AtomicLong bucket(ConcurrentHashMap<String, AtomicLong> buckets, String key, long nowNanos) {
        AtomicLong bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxKeys) {
            // Full buckets (theoretical arrival in the past) are the same as new ones: drop them first.
            buckets.values().removeIf(candidate -> candidate.get() < nowNanos);
            if (buckets.size() >= maxKeys) {
                return overflow;
            }
        }
        AtomicLong created = new AtomicLong(Long.MIN_VALUE);
        AtomicLong raced = buckets.putIfAbsent(key, created);
        return raced == null ? created : raced;
    }
}
