package io.apiguard.common.identity;

import java.util.List;
import java.util.Set;

import org.jose4j.keys.resolvers.VerificationKeyResolver;

import io.apiguard.common.net.IpRange;

/**
 * How calls are attributed to people. The chain tries {@code order} until a source recognises a credential; then a
 * delegated end user (the token's {@code act} claim, or {@code delegationHeader} sent by a listed shared account)
 * replaces the shared account as the subject.
 *
 * @param order                   sources in the order they are tried
 * @param jwt                     how bearer tokens are read and verified
 * @param sharedAccounts          accounts several people call through ("FinTech_User_01"): never an individual,
 *                                and the only callers whose {@code delegationHeader} is believed
 * @param delegationHeader        header naming the end user behind a shared account, e.g. {@code X-End-User}
 * @param apiKeyHeader            header carrying an API key, e.g. {@code X-API-Key}
 * @param clientCertSubjectHeader header where the ingress forwards the verified client certificate's subject DN
 * @param upstreamUserHeader      header where a trusted proxy names the authenticated user, e.g. {@code X-Forwarded-User}
 * @param trustedProxies          peers whose certificate-subject and user headers are believed
 */
public record IdentitySettings(
        List<Source> order,
        Jwt jwt,
        Set<String> sharedAccounts,
        String delegationHeader,
        String apiKeyHeader,
        String clientCertSubjectHeader,
        String upstreamUserHeader,
        List<IpRange> trustedProxies) {

    public IdentitySettings {
        order = List.copyOf(order);
        sharedAccounts = Set.copyOf(sharedAccounts);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The sources of the chain. */
    public enum Source {
        JWT,
        API_KEY,
        CLIENT_CERTIFICATE,
        BASIC,
        UPSTREAM_HEADER
    }

    /**
     * How bearer tokens are read.
     *
     * @param subjectClaim      claim naming the caller
     * @param displayNameClaim  claim with a display name
     * @param organisationClaim claim with the organisation
     * @param rolesClaim        claim with roles (a list or a space-separated string)
     * @param verificationKeys  keys that must have signed the token (from a JWKS or a public key); null records
     *                          tokens as unverified instead of rejecting them
     */
    public record Jwt(
            String subjectClaim,
            String displayNameClaim,
            String organisationClaim,
            String rolesClaim,
            VerificationKeyResolver verificationKeys) {

        /** Standard claim names, no verification. */
        public static Jwt unverified() {
            return new Jwt("sub", "name", "org", "roles", null);
        }

        /** The same claim names, tokens verified against {@code keys}. */
        public Jwt verifiedWith(VerificationKeyResolver keys) {
            return new Jwt(subjectClaim, displayNameClaim, organisationClaim, rolesClaim, keys);
        }
    }

    /** Every source in the usual order, standard header names, no shared account, no trusted proxy. */
    public static IdentitySettings defaults() {
        return new IdentitySettings(
                List.of(Source.values()),
                Jwt.unverified(),
                Set.of(),
                "X-End-User",
                "X-API-Key",
                "ssl-client-subject-dn",
                "X-Forwarded-User",
                List.of());
    }

    /** These settings with other shared accounts. */
    public IdentitySettings withSharedAccounts(Set<String> accounts) {
        return new IdentitySettings(
                order,
                jwt,
                accounts,
                delegationHeader,
                apiKeyHeader,
                clientCertSubjectHeader,
                upstreamUserHeader,
                trustedProxies);
    }

    /** These settings with other JWT handling. */
    public IdentitySettings withJwt(Jwt settings) {
        return new IdentitySettings(
                order,
                settings,
                sharedAccounts,
                delegationHeader,
                apiKeyHeader,
                clientCertSubjectHeader,
                upstreamUserHeader,
                trustedProxies);
    }

    /** These settings with other trusted proxies. */
    public IdentitySettings withTrustedProxies(List<IpRange> proxies) {
        return new IdentitySettings(
                order,
                jwt,
                sharedAccounts,
                delegationHeader,
                apiKeyHeader,
                clientCertSubjectHeader,
                upstreamUserHeader,
                proxies);
    }

    boolean trusts(String peer) {
        return ClientAddress.trusted(peer, trustedProxies);
    }
}
