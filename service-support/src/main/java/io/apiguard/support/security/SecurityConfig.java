package io.apiguard.support.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call this app. The issuers themselves are quarkus-oidc tenants: the default tenant for operators
 * ({@code quarkus.oidc.auth-server-url}, {@code quarkus.oidc.roles.role-claim-path}) and the {@code workload} tenant for
 * the cluster's service-account tokens ({@code quarkus.oidc.workload.auth-server-url}); a token is routed to the tenant
 * whose issuer it names.
 */
@ConfigMapping(prefix = "apiguard.security")
public interface SecurityConfig {

    /** The quarkus-oidc tenant that verifies Kubernetes service-account tokens. */
    String WORKLOAD_TENANT = "workload";

    /** How the operators' identity provider names apiguard's roles. */
    Operators operators();

    /** Kubernetes workloads: which service accounts get more than the {@code workload} role, and this app's own token. */
    Workloads workloads();

    /** Operator roles as the identity provider names them (groups, app roles). */
    interface Operators {

        /** Provider roles or groups that make a caller a {@code viewer}. */
        @WithDefault("viewer")
        Set<String> viewerRoles();

        /** Provider roles or groups that make a caller an {@code operator} (and a viewer). */
        @WithDefault("operator")
        Set<String> operatorRoles();

        /** Provider roles or groups that make a caller an {@code admin} (and an operator and a viewer). */
        @WithDefault("admin")
        Set<String> adminRoles();
    }

    /** Kubernetes workloads. */
    interface Workloads {

        /**
         * Service accounts ({@code namespace/name}) that may read like a viewer: posture-service, which reads every
         * service's status.
         */
        Optional<List<String>> viewers();

        /** Service accounts ({@code namespace/name}) whose rule-set pushes a sidecar accepts: enforcement-service. */
        Optional<List<String>> rulePublishers();

        /**
         * This app's own projected service-account token (audience {@code apiguard}), sent on every call it makes to
         * another apiguard app; the kubelet rotates the file, so it is read again every {@link #tokenRefresh()}.
         */
        Optional<Path> tokenFile();

        /** How often the token file is read again. */
        @WithDefault("60s")
        Duration tokenRefresh();

        /**
         * A token the cluster issuer accepts (the pod's API-server token,
         * {@code /var/run/secrets/kubernetes.io/serviceaccount/token}), presented when this app fetches the issuer's
         * discovery document and keys: the Kubernetes API server serves them to authenticated service accounts only,
         * unless the cluster grants them to anonymous callers. Unset for issuers that publish their keys (EKS, GKE,
         * AKS), and for the local issuer.
         */
        Optional<Path> issuerTokenFile();
    }
}
