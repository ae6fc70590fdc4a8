package io.apiguard.bench.sidecar;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.apiguard.common.events.Identity;
import io.vertx.core.MultiMap;

/**
 * The identity cache as it was before the Caffeine one, kept only as the benchmark's baseline: a
 * {@link ConcurrentHashMap} keyed by the credential headers themselves, started over when full. Copied from
 * {@code sidecar.proxy.IdentityCache} and {@code CallHandler.identity} at commit 70a70f3.
 */
final class LegacyIdentityCache {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<String> credentialHeaders;
    private final int capacity;
    private final long lifetimeNanos;

    LegacyIdentityCache(List<String> credentialHeaders, int capacity, long lifetimeNanos) {
        this.credentialHeaders = credentialHeaders;
        this.capacity = capacity;
        this.lifetimeNanos = lifetimeNanos;
    }

    /** The old {@code CallHandler.identity}: the key is the headers' names and values, then the peer's trust. */
    Identity identity(MultiMap headers, boolean trustedPeer, Supplier<Identity> resolve) {
        StringBuilder key = null;
        for (String name : credentialHeaders) {
            String value = headers.get(name);
            if (value != null) {
                if (key == null) {
                    key = new StringBuilder(value.length() + 32);
                }
                key.append(name).append('=').append(value).append('\n');
            }
        }
        if (key == null) {
            return Identity.anonymous();
        }
        key.append(trustedPeer);
        return get(key.toString(), resolve);
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

    private record Entry(Identity identity, long resolvedAt) {}
}
