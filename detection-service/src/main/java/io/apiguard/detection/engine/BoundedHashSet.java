package io.apiguard.detection.engine;

import java.util.Arrays;

/**
 * A set of 64-bit hashes (of object ids, addresses, subjects) with a hard cap: open addressing over a {@code long[]},
 * eight bytes per member, no boxing. Once full it stops growing and {@link #saturated()} says so; a count that
 * reached the cap is already far above any honest baseline. Zero is reserved as the empty slot (a zero hash is
 * remapped). Not thread-safe.
 */
public final class BoundedHashSet {

    private final int cap;
    private long[] slots;
    private int size;

    public BoundedHashSet(int cap) {
        this.cap = cap;
        this.slots = new long[8];
    }

    /** Adds {@code hash}; true when it was new and there was room. */
    public boolean add(long hash) {
        long h = hash == 0 ? 0x9E3779B97F4A7C15L : hash;
        int mask = slots.length - 1;
        int i = mix(h) & mask;
        while (slots[i] != 0) {
            if (slots[i] == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
        if (size >= cap) {
            return false;
        }
        slots[i] = h;
        size++;
        if (size * 2 > slots.length) {
            grow();
        }
        return true;
    }

    public boolean contains(long hash) {
        long h = hash == 0 ? 0x9E3779B97F4A7C15L : hash;
        int mask = slots.length - 1;
        int i = mix(h) & mask;
        while (slots[i] != 0) {
            if (slots[i] == h) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    public int size() {
        return size;
    }

    /** True when the cap was reached: later members are not counted. */
    public boolean saturated() {
        return size >= cap;
    }

    public void clear() {
        if (slots.length > 64) {
            slots = new long[8];
        } else {
            Arrays.fill(slots, 0);
        }
        size = 0;
    }

    /** The members, for persistence. */
    public long[] toArray() {
        long[] members = new long[size];
        int n = 0;
        for (long slot : slots) {
            if (slot != 0) {
                members[n++] = slot;
            }
        }
        return members;
    }

    /** A set of {@code members} with {@code cap}. */
    public static BoundedHashSet of(int cap, long[] members) {
        BoundedHashSet set = new BoundedHashSet(cap);
        if (members != null) {
            for (long member : members) {
                set.add(member);
            }
        }
        return set;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = mix(h) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = h;
            }
        }
    }

    private static int mix(long h) {
        long x = h * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }

    /** A 64-bit hash of a string (FNV-1a), stable across JVMs so persisted sets stay valid. */
    public static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
