package io.apiguard.sidecar.proxy;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.apiguard.common.events.Identity;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.MultiMap;

/**
 * Remembers the identity resolved for a call's credential headers for a short while. Clients send the same token on
 * call after call, and reading (or verifying) a JWT costs far more than a hash lookup; the lifetime bounds how long a
 * token that expired or a key that was revoked keeps its identity.
 *
 * <p>A bounded Caffeine cache (W-TinyLFU): a new entry enters the main space only when it has been seen more often
 * than the entry it would evict, so a flood of distinct junk tokens, each seen once, passes through the small
 * admission window and leaves the recurring callers' entries where they are. The key is the first 128 bits of the
 * SHA-256 of the credential headers (each header's position and length, then its characters) and whether the peer
 * is a trusted proxy (which decides what is believed): no credential is held as a key, and finding a credential whose
 * key equals another caller's is a second preimage of SHA-256.
 *
 * <p>Threading: {@link #identity} is called on every event loop for every call. A hit hashes the headers into a
 * per-thread buffer and reads the cache, allocating only the key; a miss resolves on the calling thread (CPU only:
 * key material is fetched off the event loops) and then stores, without a lock held while resolving. Eviction and
 * expiry run on {@code maintenance}, never on an event loop (unless the write buffer overflows, when Caffeine makes
 * the writer help).
 *
 * <p>Public for {@code bench/identity-cache.sh} only; the proxy's {@link CallHandler} is its one user.
 */
public final class IdentityCache {

    /** Resolves the identity of a call from its headers and its TCP peer. */
    @FunctionalInterface
    public interface Resolution {
        Identity resolve(MultiMap headers, String peer);
    }

    private static final FastThreadLocal<Hasher> HASHERS = new FastThreadLocal<>() {
        @Override
        protected Hasher initialValue() {
            return new Hasher();
        }
    };

    private final List<String> credentialHeaders;
    private final Predicate<String> trustedPeer;
    private final Resolution resolution;
    private final Cache<CredentialKey, Identity> entries;

    /**
     * @param credentialHeaders the headers resolution reads (at most 255)
     * @param trustedPeer       whether a peer is a trusted proxy: part of the key, because it decides what is believed
     * @param maximumSize       entries kept at most
     * @param lifetime          how long an identity is reused after it was resolved
     * @param resolution        what a miss runs, on the calling thread
     * @param maintenance       where eviction and expiry run
     * @param ticker            the clock of the lifetime
     */
    public IdentityCache(
            List<String> credentialHeaders,
            Predicate<String> trustedPeer,
            long maximumSize,
            Duration lifetime,
            Resolution resolution,
            Executor maintenance,
            Ticker ticker) {
        if (credentialHeaders.size() > 255) {
            throw new IllegalArgumentException("at most 255 credential headers");
        }
        this.credentialHeaders = List.copyOf(credentialHeaders);
        this.trustedPeer = trustedPeer;
        this.resolution = resolution;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(lifetime)
                .executor(maintenance)
                .ticker(ticker)
                .build();
    }

    /**
     * The identity for the credential headers of a call from {@code peer}, resolved (and remembered) when unknown or
     * expired; anonymous, without a lookup, when the call carries none of them.
     */
    public Identity identity(MultiMap headers, String peer) {
        CredentialKey key = HASHERS.get().key(credentialHeaders, headers, peer, trustedPeer);
        if (key == null) {
            return Identity.anonymous();
        }
        Identity identity = entries.getIfPresent(key);
        if (identity == null) {
            // Resolved outside the cache's locks: two calls racing on one new credential both resolve, which costs a
            // resolution and blocks nobody (Cache.get(key, loader) would hold a hash bin while a JWT is verified).
            identity = resolution.resolve(headers, peer);
            entries.put(key, identity);
        }
        return identity;
    }

    /** Entries held (approximate: eviction runs behind). */
    public long size() {
        return entries.estimatedSize();
    }

    /** Runs pending eviction and expiry now (tests). */
    void cleanUp() {
        entries.cleanUp();
    }

    /** The keys held (tests). */
    Set<CredentialKey> keys() {
        return Set.copyOf(entries.asMap().keySet());
    }

    /** 128 bits of SHA-256 over the credential headers: what the cache knows of a credential. */
    record CredentialKey(long high, long low) {

        @Override
        public int hashCode() {
            // already uniformly distributed: no need to mix both halves
            return (int) (low ^ (low >>> 32));
        }
    }

    /**
     * One thread's digest and buffer. The headers are written injectively (position, length, then each character in
     * one to three bytes, as UTF-8 writes a code unit), so different header sets never hash the same input.
     */
    static final class Hasher {

        private final MessageDigest sha256;
        private final byte[] digest = new byte[32];
        private byte[] buffer = new byte[2048];

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JVM", e);
            }
        }

        CredentialKey key(List<String> names, MultiMap headers, String peer, Predicate<String> trustedPeer) {
            int length = 0;
            boolean any = false;
            for (int i = 0; i < names.size(); i++) {
                String value = headers.get(names.get(i));
                if (value == null) {
                    continue;
                }
                any = true;
                int needed = length + 5 + 3 * value.length();
                if (needed > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
                }
                byte[] out = buffer;
                out[length++] = (byte) i;
                int chars = value.length();
                out[length++] = (byte) (chars >>> 24);
                out[length++] = (byte) (chars >>> 16);
                out[length++] = (byte) (chars >>> 8);
                out[length++] = (byte) chars;
                for (int c = 0; c < chars; c++) {
                    char ch = value.charAt(c);
                    if (ch < 0x80) {
                        out[length++] = (byte) ch;
                    } else if (ch < 0x800) {
                        out[length++] = (byte) (0xC0 | (ch >>> 6));
                        out[length++] = (byte) (0x80 | (ch & 0x3F));
                    } else {
                        out[length++] = (byte) (0xE0 | (ch >>> 12));
                        out[length++] = (byte) (0x80 | ((ch >>> 6) & 0x3F));
                        out[length++] = (byte) (0x80 | (ch & 0x3F));
                    }
                }
            }
            if (!any) {
                return null;
            }
            sha256.update(buffer, 0, length);
            sha256.update((byte) (trustedPeer.test(peer) ? 1 : 0));
            // the buffer outlives the call: leave no credential in it
            Arrays.fill(buffer, 0, length, (byte) 0);
            try {
                sha256.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException("the digest buffer holds a SHA-256", e);
            }
            return new CredentialKey(longAt(0), longAt(8));
        }

        private long longAt(int offset) {
            long value = 0;
            for (int i = offset; i < offset + 8; i++) {
                value = (value << 8) | (digest[i] & 0xFF);
            }
            return value;
        }
    }
}
