package io.apiguard.support.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantFeature;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;

/**
 * Presents the token of {@code apiguard.security.workloads.issuer-token-file} when this app fetches the cluster
 * issuer's discovery document and keys: the Kubernetes API server serves {@code /.well-known/openid-configuration} and
 * {@code /openid/v1/jwks} to authenticated service accounts only, unless the cluster grants them to anonymous callers.
 */
@ApplicationScoped
@TenantFeature(SecurityConfig.WORKLOAD_TENANT)
@OidcEndpoint({OidcEndpoint.Type.DISCOVERY, OidcEndpoint.Type.JWKS})
public class ClusterIssuerAuthentication implements OidcRequestFilter {

    private final WorkloadToken tokens;

    ClusterIssuerAuthentication(WorkloadToken tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(OidcRequestContext context) {
        tokens.issuerAuthorization().ifPresent(value -> context.request().putHeader("Authorization", value));
    }
}
