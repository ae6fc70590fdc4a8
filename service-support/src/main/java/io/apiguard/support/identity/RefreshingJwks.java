package io.apiguard.support.identity;

import java.io.IOException;
import java.net.URI;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The keys of a JWKS URL, resolved from memory. The set is fetched at start and replaced on a fixed interval on a worker
 * thread (jose4j's own HTTP fetch), never on the thread that resolves a call: the sidecar resolves on its event loops,
 * where a request to the issuer would stall every call behind it. A token signed with a key the snapshot lacks is not
 * verified (its caller is recorded as unverified) and asks for an early refresh, at most one at a time. Thread-safe.
 */
final class RefreshingJwks implements VerificationKeyResolver {

    private static final Logger LOGGER = Logger.getLogger(RefreshingJwks.class);

    private final URI url;
    private final Executor worker;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile JwksVerificationKeyResolver keys = new JwksVerificationKeyResolver(List.of());
    private volatile long fetchedAt;
    private final long minimumGapNanos;

    RefreshingJwks(URI url, Executor worker, Duration minimumGap) {
        this.url = url;
        this.worker = worker;
        this.minimumGapNanos = minimumGap.toNanos();
    }

    /** Fetches the set now, on the calling thread (at start); a failure leaves the previous set in place. */
    void refresh() {
        try {
            List<JsonWebKey> fetched = new HttpsJwks(url.toString()).getJsonWebKeys();
            keys = new JwksVerificationKeyResolver(fetched);
            LOGGER.debugf("JWKS %s: %d keys", url, fetched.size());
        } catch (JoseException | IOException e) {
            LOGGER.warnf(
                    "JWKS %s could not be fetched (%s); keeping the %s keys",
                    url, e.getMessage(), fetchedAt == 0 ? "(no)" : "last");
        } finally {
            fetchedAt = System.nanoTime();
        }
    }

    /** Asks for a refresh on the worker, unless one runs or the last was too recent. */
    void refreshSoon() {
        if (System.nanoTime() - fetchedAt < minimumGapNanos || !refreshing.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            try {
                refresh();
            } finally {
                refreshing.set(false);
            }
        });
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        try {
            return keys.resolveKey(jws, nestingContext);
        } catch (UnresolvableKeyException e) {
            // a rotated key: fetch the set again in the background; this token stays unverified
            refreshSoon();
            throw e;
        }
    }
}
