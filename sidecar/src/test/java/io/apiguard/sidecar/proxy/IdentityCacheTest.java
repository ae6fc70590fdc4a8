package io.apiguard.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.identity.Fingerprints;
import io.vertx.core.MultiMap;

class IdentityCacheTest {

    private static final List<String> HEADERS = List.of("Authorization", "X-API-Key", "X-End-User");

    private final AtomicLong nanos = new AtomicLong(1);
    private final AtomicInteger resolutions = new AtomicInteger();

    private IdentityCache cache(long maximumSize) {
        // 127.0.0.1 is the trusted proxy; maintenance on the calling thread, so eviction is seen at once
        return new IdentityCache(
                HEADERS,
                peer -> peer.startsWith("127."),
                maximumSize,
                Duration.ofSeconds(30),
                (headers, peer) -> {
                    resolutions.incrementAndGet();
                    String credential = headers.get("Authorization") != null
                            ? headers.get("Authorization")
                            : headers.get("X-API-Key");
                    return Identity.unverified(
                            AuthMethod.JWT, Fingerprints.of(credential == null ? "-" : credential), null);
                },
                Runnable::run,
                nanos::get);
    }

    @Test
    void aRecurringCredentialIsResolvedOnceWithinItsLifetimeAndAgainAfterIt() {
        // Given
        IdentityCache cache = cache(100);
        MultiMap call = bearer("token-1");

        // When
        Identity first = cache.identity(call, "10.0.0.1");
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        Identity again = cache.identity(call, "10.0.0.1");

        // Then
        assertThat(again).isSameAs(first);
        assertThat(resolutions).hasValue(1);

        // When: the lifetime has passed (a token that expired meanwhile is read again)
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        cache.identity(call, "10.0.0.1");

        // Then
        assertThat(resolutions).hasValue(2);
    }

    @Test
    void aFloodOfDistinctJunkCredentialsDoesNotEvictTheRecurringCallers() {
        // Given: 300 callers who keep coming back, in a cache of 1,000
        IdentityCache cache = cache(1_000);
        List<MultiMap> honest = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            honest.add(bearer("honest-" + i));
        }
        for (int round = 0; round < 5; round++) {
            honest.forEach(call -> cache.identity(call, "10.0.0.1"));
        }
        int warm = resolutions.get();

        // When: 200,000 distinct junk tokens arrive, one between every two honest calls
        for (int i = 0; i < 200_000; i++) {
            cache.identity(bearer("junk-" + i), "10.0.0.1");
            cache.identity(honest.get(i % honest.size()), "10.0.0.1");
        }

        // Then: the junk was resolved (each once); the honest callers were nearly always found
        int honestMisses = resolutions.get() - warm - 200_000;
        assertThat(honestMisses)
                .as("honest calls resolved again during the flood")
                .isLessThan(200_000 / 100);
        cache.cleanUp();
        assertThat(cache.size()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void theKeyIsAHashNeverTheCredential() {
        // Given
        IdentityCache cache = cache(100);
        String token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl";

        // When
        cache.identity(bearer(token), "10.0.0.1");

        // Then: two longs, nothing of the token
        assertThat(cache.keys()).singleElement().satisfies(key -> {
            assertThat(IdentityCache.CredentialKey.class.getRecordComponents())
                    .extracting(component -> (Object) component.getType())
                    .containsOnly(long.class);
            assertThat(key.toString()).doesNotContain(token).doesNotContain("c2VjcmV0");
        });
    }

    @Test
    void theSameCharactersUnderOtherHeadersOrFromATrustedPeerAreAnotherCredential() {
        // Given
        IdentityCache cache = cache(100);

        // When: one value under two headers, one value split two ways over two headers, one call from two peers
        cache.identity(headers("Authorization", "x"), "10.0.0.1");
        cache.identity(headers("X-API-Key", "x"), "10.0.0.1");
        cache.identity(headers("Authorization", "ab", "X-API-Key", "c"), "10.0.0.1");
        cache.identity(headers("Authorization", "a", "X-API-Key", "bc"), "10.0.0.1");
        cache.identity(headers("Authorization", "x"), "127.0.0.1");
        // and characters beyond ASCII that UTF-8 would confuse with their Latin-1 reading
        cache.identity(headers("X-End-User", "\u00e9"), "10.0.0.1");
        cache.identity(headers("X-End-User", "\u00c3\u00a9"), "10.0.0.1");
        cache.identity(headers("X-End-User", "\u20ac\ud83d\ude00"), "10.0.0.1");

        // Then: eight credentials, eight resolutions
        assertThat(resolutions).hasValue(8);
        assertThat(cache.keys()).hasSize(8);
    }

    @Test
    void aLongCredentialIsHashedWhole() {
        // Given: tokens longer than the hashing buffer, differing only at the end
        IdentityCache cache = cache(100);
        String prefix = "x".repeat(20_000);

        // When
        cache.identity(bearer(prefix + "1"), "10.0.0.1");
        cache.identity(bearer(prefix + "2"), "10.0.0.1");
        cache.identity(bearer(prefix + "1"), "10.0.0.1");

        // Then
        assertThat(resolutions).hasValue(2);
    }

    @Test
    void aCallWithoutCredentialHeadersIsAnonymousWithoutALookup() {
        // Given
        IdentityCache cache = cache(100);

        // When
        Identity identity = cache.identity(headers("User-Agent", "curl"), "10.0.0.1");

        // Then
        assertThat(identity).isEqualTo(Identity.anonymous());
        assertThat(resolutions).hasValue(0);
        assertThat(cache.keys()).isEmpty();
    }

    private static MultiMap bearer(String token) {
        return headers("Authorization", "Bearer " + token);
    }

    private static MultiMap headers(String... namesAndValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
