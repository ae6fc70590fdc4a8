package io.apiguard.detection.stream;

import java.util.concurrent.atomic.AtomicLongArray;

/** Events per second over a sliding ten-second window of one-second buckets; lock-free, approximate. */
final class RateMeter {

    private static final int SECONDS = 10;

    private final AtomicLongArray seconds = new AtomicLongArray(SECONDS);
    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);

    void mark(long nowMillis) {
        long second = nowMillis / 1000;
        int slot = (int) (second % SECONDS);
        long current = seconds.get(slot);
        if (current != second && seconds.compareAndSet(slot, current, second)) {
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
    }

    double perSecond(long nowMillis) {
        long second = nowMillis / 1000;
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            long s = seconds.get(i);
            // The current second is still filling: count the ten full seconds before it.
            if (s < second && s >= second - SECONDS) {
                total += counts.get(i);
            }
        }
        return total / (double) SECONDS;
    }
}
