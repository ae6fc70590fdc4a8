package io.apiguard.support.identity;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.apiguard.common.identity.IdentitySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How calls are attributed to individual people: the same settings in the sidecar (which resolves in line) and in
 * logging-service (which resolves records that gateways send with their credential headers).
 */
@ConfigMapping(prefix = "apiguard.identity")
public interface IdentityConfig {

    /** Identity sources in the order they are tried: jwt, api-key, client-certificate, basic, upstream-header. */
    @WithDefault("jwt,api-key,client-certificate,basic,upstream-header")
    List<IdentitySettings.Source> order();

    /** Bearer token handling. */
    Jwt jwt();

    /** Shared service accounts ("FinTech_User_01"): never an individual, and the only callers allowed to delegate. */
    Optional<Set<String>> sharedAccounts();

    /** Header naming the end user behind a shared account; believed only from a shared account. */
    @WithDefault("X-End-User")
    String delegationHeader();

    /** Header carrying an API key. */
    @WithDefault("X-API-Key")
    String apiKeyHeader();

    /**
     * JSON file listing API-key owners by key fingerprint ({@code sha256:} + 16 hex of the key's SHA-256):
     * {@code [{"fingerprint": "...", "subject": "...", "service": false, "organisation": "...", "roles": []}]}.
     */
    Optional<Path> apiKeyOwnersFile();

    /** Header where the ingress forwards the verified client certificate's subject DN. */
    @WithDefault("ssl-client-subject-dn")
    String clientCertSubjectHeader();

    /** Header where a trusted proxy names the authenticated user. */
    @WithDefault("X-Forwarded-User")
    String upstreamUserHeader();

    /**
     * Proxies (addresses or CIDR blocks) whose X-Forwarded-For hops, certificate-subject and user headers are believed.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Whether the app may run with JWT resolution on and no key to verify tokens with. Without a key every bearer token
     * is recorded as {@code unverified} (by its fingerprint, never as the person it names), so nobody is attributed by
     * a token; the prod profile refuses to start in that state unless this is set, because it is almost always a
     * forgotten JWKS.
     */
    @WithDefault("false")
    boolean allowUnverified();

    /** Bearer token handling. */
    interface Jwt {

        /** Claim naming the caller. */
        @WithDefault("sub")
        String subjectClaim();

        /** Claim with a display name. */
        @WithDefault("name")
        String displayNameClaim();

        /** Claim with the organisation. */
        @WithDefault("org")
        String organisationClaim();

        /** Claim with the roles (a list or a space-separated string). */
        @WithDefault("roles")
        String rolesClaim();

        /** JWKS file whose keys must have signed tokens. With no key configured tokens are recorded as unverified. */
        Optional<Path> jwksFile();

        /**
         * JWKS URL whose keys must have signed tokens: fetched at start and again every {@link #jwksRefresh()}, off the
         * event loops, so resolving a call never waits for the issuer.
         */
        Optional<URI> jwksUrl();

        /** How often the JWKS URL is fetched again (a key rotation takes at most this long to be seen). */
        @WithDefault("5m")
        Duration jwksRefresh();

        /** PEM public key file that must have signed tokens. */
        Optional<Path> publicKeyFile();
    }
}
