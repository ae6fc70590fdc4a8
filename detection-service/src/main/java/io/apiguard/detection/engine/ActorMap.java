package io.apiguard.detection.engine;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Per-caller state in two bounded LRU maps: one for verified subjects, one for what unverified and anonymous callers are
 * known by (keys starting {@code ip:} or {@code fp:}, see {@link Signal#isCallerKey}). A caller minting a new
 * credential on every call creates a new key each time; kept apart, those keys evict only each other, never the
 * learned state of verified subjects. Each map holds up to {@code capacity} entries. Not thread-safe.
 */
public final class ActorMap<V> {

    private final LruMap<String, V> subjects;
    private final LruMap<String, V> callers;

    public ActorMap(int capacity) {
        this.subjects = new LruMap<>(capacity);
        this.callers = new LruMap<>(capacity);
    }

    /** The value of {@code key} (a caller key or compound key starting with one), or null. */
    public V get(String key) {
        return map(key).get(key);
    }

    /** The value of {@code key}, created (and the least recently used entry of its map evicted if full) when absent. */
    public V get(String key, Function<? super String, ? extends V> factory) {
        return map(key).get(key, factory);
    }

    public void put(String key, V value) {
        map(key).put(key, value);
    }

    public void clear() {
        subjects.clear();
        callers.clear();
    }

    /** Every entry: verified subjects first. */
    public void forEach(BiConsumer<? super String, ? super V> action) {
        subjects.forEach(action);
        callers.forEach(action);
    }

    private LruMap<String, V> map(String key) {
        return Signal.isCallerKey(key) ? callers : subjects;
    }
}
