package io.apiguard.support.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.apiguard.testing.oidc.LocalIssuer;

/** Keys come from memory; the issuer is asked only at start, on the interval, or in the background for a new key. */
class RefreshingJwksTest {

    private static LocalIssuer issuer;

    @BeforeAll
    static void start() {
        issuer = LocalIssuer.start(0);
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void aTokenOfAKnownKeyResolvesFromMemoryAndAnUnknownKeyAsksForABackgroundRefresh() throws Exception {
        // Given: a worker that only records what it is asked to run, so nothing is fetched on the calling thread
        List<Runnable> backgroundWork = new CopyOnWriteArrayList<>();
        Executor worker = backgroundWork::add;
        RefreshingJwks jwks =
                new RefreshingJwks(URI.create(issuer.operators().issuer() + "/jwks"), worker, Duration.ZERO);
        jwks.refresh();

        // When / Then: the issuer's key is known
        JsonWebSignature known = parse(issuer.operators().operatorToken("alex", Duration.ofMinutes(5), "viewer"));
        assertThat(jwks.resolveKey(known, List.of())).isNotNull();
        assertThat(backgroundWork).isEmpty();

        // a key the set lacks is not resolved, and a refresh is asked of the worker, not run here
        JsonWebSignature unknown =
                parse(issuer.operators().forger().operatorToken("alex", Duration.ofMinutes(5), "viewer"));
        assertThatThrownBy(() -> jwks.resolveKey(unknown, List.of())).isInstanceOf(UnresolvableKeyException.class);
        assertThat(backgroundWork).hasSize(1);
    }

    @Test
    void anUnreachableIssuerLeavesTheLastKeysInPlace() throws Exception {
        RefreshingJwks jwks =
                new RefreshingJwks(URI.create(issuer.cluster().issuer() + "/jwks"), Runnable::run, Duration.ofHours(1));
        jwks.refresh();
        JsonWebSignature token =
                parse(issuer.cluster().workloadToken(LocalIssuer.Workload.pod("a", "b", "c"), Duration.ofMinutes(5)));

        // When: the issuer is gone and the set is fetched again
        RefreshingJwks unreachable =
                new RefreshingJwks(URI.create("http://127.0.0.1:9/jwks"), Runnable::run, Duration.ZERO);
        unreachable.refresh();
        jwks.refresh();

        // Then
        assertThat(jwks.resolveKey(token, List.of())).isNotNull();
        assertThatThrownBy(() -> unreachable.resolveKey(token, List.of())).isInstanceOf(UnresolvableKeyException.class);
    }

    private static JsonWebSignature parse(String token) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        return jws;
    }
}
