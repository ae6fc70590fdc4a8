package io.apiguard.detection.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that holds at most {@code capacity} entries and drops the least recently used one beyond that: what keeps a
 * detector's memory flat under millions of subjects. Not thread-safe.
 */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {

    private static final long serialVersionUID = 1L;

    private final int capacity;

    public LruMap(int capacity) {
        super(Math.min(capacity, 1024), 0.75f, true);
        this.capacity = capacity;
    }

    /** The value of {@code key}, created (and the eldest entry evicted if full) when absent. */
    public V get(K key, Function<? super K, ? extends V> factory) {
        V value = get(key);
        if (value == null) {
            value = factory.apply(key);
            put(key, value);
        }
        return value;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
