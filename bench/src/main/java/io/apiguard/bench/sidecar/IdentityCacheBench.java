package io.apiguard.bench.sidecar;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

import com.github.benmanes.caffeine.cache.Ticker;

import io.apiguard.common.events.Identity;
import io.apiguard.common.identity.ApiKeyOwners;
import io.apiguard.common.identity.CallCredentials;
import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.identity.IdentityResolver;
import io.apiguard.common.identity.IdentitySettings;
import io.apiguard.sidecar.proxy.IdentityCache;
import io.vertx.core.MultiMap;

/**
 * Identity resolution per call, as the proxy does it on its event loop, with a flood of distinct junk credentials
 * mixed into honest traffic: before (the old cache, {@link LegacyIdentityCache}: the raw headers as key, started over
 * when full) and after ({@link IdentityCache}: Caffeine W-TinyLFU keyed by a SHA-256). Both at the production
 * settings (50,000 entries, 30 s) with the real {@link IdentityResolver}: RS256 tokens verified against a key, API keys
 * looked up by fingerprint. Honest traffic is a few hundred recurring credentials; junk is, in turn, an opaque random
 * bearer token, a forged RS256 token (a signature to check) and an unknown API key, each seen once. A hand-rolled
 * harness like {@code RuleEvaluationBench}: one thread, warm-up, each call timed alone (includes ~25 ns of
 * {@code System.nanoTime}).
 *
 * <p>Run: {@code bench/identity-cache.sh [--junk 1000000] [--jwts 200] [--api-keys 100] [--junk-every 2]}.
 */
public final class IdentityCacheBench {

    private static final List<String> HEADERS =
            List.of("Authorization", "X-API-Key", "X-End-User", "ssl-client-subject-dn", "X-Forwarded-User");
    private static final long MAXIMUM_SIZE = 50_000;
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final String FORGED_HEADER =
            BASE64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"bench\"}".getBytes(StandardCharsets.UTF_8));

    /** Resolutions the honest calls caused (a miss); counted by the resolution itself. */
    private static long honestResolutions;

    private static boolean honestCall;

    private IdentityCacheBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = options(args);
        int junk = options.getOrDefault("junk", 1_000_000);
        int jwts = options.getOrDefault("jwts", 200);
        int apiKeys = options.getOrDefault("api-keys", 100);
        int junkEvery = options.getOrDefault("junk-every", 2);

        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("bench");
        Map<String, ApiKeyOwners.Owner> owners = new HashMap<>();
        MultiMap[] honest = new MultiMap[jwts + apiKeys];
        for (int i = 0; i < jwts; i++) {
            honest[i] = headers("Authorization", "Bearer " + signed(key, "person-" + i));
        }
        for (int i = 0; i < apiKeys; i++) {
            String apiKey = "agk_live_" + BASE64.encodeToString(("service-key-" + i).getBytes(StandardCharsets.UTF_8));
            owners.put(Fingerprints.of(apiKey), new ApiKeyOwners.Owner("service-" + i, true, "bench", List.of()));
            honest[jwts + i] = headers("X-API-Key", apiKey);
        }
        IdentitySettings settings = IdentitySettings.defaults().withSharedAccounts(Set.of("FinTech_User_01"));
        settings = new IdentitySettings(
                settings.order(),
                settings.jwt().verifiedWith((jws, nesting) -> key.getKey()),
                settings.sharedAccounts(),
                settings.delegationHeader(),
                settings.apiKeyHeader(),
                settings.clientCertSubjectHeader(),
                settings.upstreamUserHeader(),
                settings.trustedProxies());
        IdentityResolver resolver = new IdentityResolver(settings, ApiKeyOwners.of(owners));

        System.out.printf(
                "Identity resolution: %d recurring credentials (%d RS256 JWTs, %d API keys), %,d distinct "
                        + "junk credentials, 1 call in %d junk (in turn an opaque token, a forged RS256 token, an unknown API "
                        + "key); cache of %,d entries, %d s%n",
                honest.length, jwts, apiKeys, junk, junkEvery, MAXIMUM_SIZE, LIFETIME.toSeconds());
        long calls = (long) junk * junkEvery;

        LegacyIdentityCache before = new LegacyIdentityCache(HEADERS, (int) MAXIMUM_SIZE, LIFETIME.toNanos());
        Variant legacy = (headers, peer) -> before.identity(headers, false, () -> resolve(resolver, headers, peer));
        IdentityCache after = new IdentityCache(
                HEADERS,
                peer -> false,
                MAXIMUM_SIZE,
                LIFETIME,
                (headers, peer) -> resolve(resolver, headers, peer),
                ForkJoinPool.commonPool(),
                Ticker.systemTicker());
        Variant caffeine = after::identity;

        run(
                "before (ConcurrentHashMap keyed by the raw headers, started over when full)",
                legacy,
                honest,
                junk,
                junkEvery,
                calls,
                1);
        run("after  (Caffeine W-TinyLFU keyed by 128 bits of SHA-256)", caffeine, honest, junk, junkEvery, calls, 2);
    }

    /** The proxy's resolution on a miss: the credential headers of the call and its peer. */
    private static Identity resolve(IdentityResolver resolver, MultiMap headers, String peer) {
        if (honestCall) {
            honestResolutions++;
        }
        Map<String, List<String>> credentials = new HashMap<>(8);
        for (String name : HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                credentials.put(name, List.of(value));
            }
        }
        return resolver.resolve(CallCredentials.of(credentials, peer));
    }

    private static void run(
            String name, Variant variant, MultiMap[] honest, int junk, int junkEvery, long calls, int seed) {
        long sink = 0;
        // warm-up: the same mix with junk of its own, until the JIT has settled
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        SplittableRandom warmRandom = new SplittableRandom(seed * 31L);
        int warmHonest = 0;
        for (long i = 0; System.nanoTime() < warmupEnd; i++) {
            MultiMap headers = i % junkEvery == 0 ? junk(warmRandom, -1 - i) : honest[warmHonest++ % honest.length];
            sink += variant.identity(headers, "10.0.0.7").hashCode();
        }
        honestResolutions = 0;
        SplittableRandom random = new SplittableRandom(seed);
        long[] honestNanos = new long[(int) (calls - junk)];
        long[] junkNanos = new long[junk];
        int h = 0;
        int j = 0;
        long started = System.nanoTime();
        for (long i = 0; i < calls; i++) {
            boolean isJunk = i % junkEvery == 0;
            MultiMap headers = isJunk ? junk(random, j) : honest[h % honest.length];
            honestCall = !isJunk;
            long start = System.nanoTime();
            Identity identity = variant.identity(headers, "10.0.0.7");
            long took = System.nanoTime() - start;
            sink += identity.hashCode();
            if (isJunk) {
                junkNanos[j++] = took;
            } else {
                honestNanos[h++] = took;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = new long[honestNanos.length + junkNanos.length];
        System.arraycopy(honestNanos, 0, all, 0, honestNanos.length);
        System.arraycopy(junkNanos, 0, all, honestNanos.length, junkNanos.length);
        Arrays.sort(honestNanos);
        Arrays.sort(junkNanos);
        Arrays.sort(all);
        System.out.printf(
                "%s%n  all calls   p50 %,7d ns  p99 %,7d ns  p99.9 %,7d ns   (%,d calls in %.1f s)%n"
                        + "  honest      p50 %,7d ns  p99 %,7d ns  p99.9 %,7d ns   resolved again %,d times (%.2f %% of "
                        + "honest calls)%n  junk        p50 %,7d ns  p99 %,7d ns  p99.9 %,7d ns   (sink %d)%n",
                name,
                at(all, 0.5),
                at(all, 0.99),
                at(all, 0.999),
                calls,
                seconds,
                at(honestNanos, 0.5),
                at(honestNanos, 0.99),
                at(honestNanos, 0.999),
                honestResolutions,
                100.0 * honestResolutions / honestNanos.length,
                at(junkNanos, 0.5),
                at(junkNanos, 0.99),
                at(junkNanos, 0.999),
                sink % 7);
    }

    /** Junk credential number {@code n}: an opaque token, a forged RS256 token, an unknown API key, in turn. */
    private static MultiMap junk(SplittableRandom random, long n) {
        byte[] bytes = new byte[Math.floorMod(n, 3L) == 1 ? 256 : 32];
        random.nextBytes(bytes);
        String noise = BASE64.encodeToString(bytes);
        return switch ((int) Math.floorMod(n, 3L)) {
            case 0 -> headers("Authorization", "Bearer " + noise);
            case 1 ->
                headers(
                        "Authorization",
                        "Bearer " + FORGED_HEADER + "."
                                + BASE64.encodeToString(("{\"sub\":\"junk-" + n + "\",\"exp\":4102444800}")
                                        .getBytes(StandardCharsets.UTF_8))
                                + "."
                                + noise);
            default -> headers("X-API-Key", "agk_live_" + noise);
        };
    }

    private static String signed(RsaJsonWebKey key, String subject) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setIssuer("https://issuer.example");
        claims.setAudience("accounts-api");
        claims.setExpirationTimeMinutesInTheFuture(600);
        claims.setIssuedAtToNow();
        claims.setClaim("name", "Person " + subject);
        claims.setClaim("org", "example");
        claims.setStringListClaim("roles", "reader", "statements");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static MultiMap headers(String name, String value) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.add(name, value);
        headers.add("User-Agent", "bench/1.0");
        headers.add("Accept", "application/json");
        return headers;
    }

    private static long at(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))];
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1].replace("_", "")));
        }
        return options;
    }

    /** One way of finding a call's identity. */
    @FunctionalInterface
    private interface Variant {
        Identity identity(MultiMap headers, String peer);
    }
}
