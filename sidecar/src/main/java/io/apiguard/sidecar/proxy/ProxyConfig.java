package io.apiguard.sidecar.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the sidecar listens for client calls and where it forwards them. */
@ConfigMapping(prefix = "apiguard.sidecar")
public interface ProxyConfig {

    /** Address the proxy listener binds to. */
    @WithDefault("0.0.0.0")
    String proxyHost();

    /** Port clients (the Service, the Ingress) reach the API on; 0 picks a free port (tests). */
    @WithDefault("8090")
    int proxyPort();

    /** The API container, normally {@code http://127.0.0.1:<container port>} in the same pod. */
    URI upstream();

    /** How long to wait for a TCP connection to the upstream before the call fails with 502. */
    @WithDefault("2s")
    Duration upstreamConnectTimeout();

    /** Event loops serving the proxy port; one per CPU when unset. */
    Optional<Integer> eventLoops();

    /** Upper bound of pooled connections to the upstream, per event loop. */
    @WithDefault("200")
    int upstreamMaxConnections();

    /** The identities resolved for recent credentials (see {@code IdentityCache}). */
    IdentityCacheConfig identityCache();

    /** The identities resolved for recent credentials. */
    interface IdentityCacheConfig {

        /**
         * Credentials remembered at most (about 200 bytes each). Recurring callers keep their entries however many
         * distinct credentials arrive: W-TinyLFU admits a new one only when it is seen more often than what it would
         * evict.
         */
        @WithDefault("50000")
        long maximumSize();

        /**
         * How long an identity is reused after it was resolved: the longest a token that expired or an API key that
         * was withdrawn keeps being believed.
         */
        @WithDefault("30s")
        Duration lifetime();
    }
}
