package io.apiguard.sidecar.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.apiguard.common.events.Identity;

/**
 * Remembers the identity resolved for a set of credential headers for a short while. Clients send the same token on
 * call after call, and reading (or verifying) a JWT costs far more than a hash lookup; the short lifetime bounds how
 * long a token that expired or a key that was revoked keeps its identity. Bounded: when full it starts over, which
 * is cheap and keeps memory flat whatever the number of callers.
 */
final class IdentityCache {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final long lifetimeNanos;

    IdentityCache(int capacity, long lifetimeNanos) {
        this.capacity = capacity;
        this.lifetimeNanos = lifetimeNanos;
    }

    /** The identity for {@code key}, resolving (and remembering) it when unknown or expired. */
    Identity get(String key, Supplier<Identity> resolve) {
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.resolvedAt < lifetimeNanos) {
            return entry.identity;
        }
        Identity identity = resolve.get();
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, new Entry(identity, now));
        return identity;
    }

    private record Entry(Identity identity, long resolvedAt) {
    }
}
