package io.apiguard.detection.engine;

/** Tumbling windows aligned on the epoch, so every replica and every replay cuts time the same way. */
public final class Windows {

    private Windows() {}

    /** Start (epoch millis) of the window of {@code size} millis holding {@code time}. */
    public static long start(long time, long size) {
        return Math.floorDiv(time, size) * size;
    }
}
