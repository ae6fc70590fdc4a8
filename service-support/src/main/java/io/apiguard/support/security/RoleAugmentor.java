package io.apiguard.support.security;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Gives every verified token exactly apiguard's roles and nothing the token asserts beyond them. A token of the
 * cluster issuer ({@link SecurityConfig#WORKLOAD_TENANT}) is a workload: it gets {@link Roles#WORKLOAD}, the roles its
 * service account is granted in the settings, and its {@link WorkloadIdentity}; a token without the
 * {@code kubernetes.io} claims gets no role at all. Any other token is an operator's: its provider roles are translated by the settings, and
 * admin implies operator implies viewer; workload roles are never taken from an operator token.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    /** The attribute quarkus-oidc names the verifying tenant under. */
    static final String TENANT_ATTRIBUTE = "tenant-id";

    private final SecurityConfig config;

    RoleAugmentor(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(() -> rebuild(identity));
    }

    SecurityIdentity rebuild(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addPermissionChecker(identity::checkPermission);
        if (SecurityConfig.WORKLOAD_TENANT.equals(identity.getAttribute(TENANT_ATTRIBUTE))) {
            workload(identity).ifPresent(workload -> {
                builder.addAttribute(WorkloadIdentity.ATTRIBUTE, workload);
                builder.addRoles(workloadRoles(workload));
            });
        } else {
            builder.addRoles(operatorRoles(identity.getRoles()));
        }
        return builder.build();
    }

    private static Optional<WorkloadIdentity> workload(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken token
                ? WorkloadIdentity.fromToken(token)
                : Optional.empty();
    }

    Set<String> workloadRoles(WorkloadIdentity workload) {
        Set<String> roles = new HashSet<>();
        roles.add(Roles.WORKLOAD);
        if (granted(config.workloads().viewers(), workload)) {
            roles.add(Roles.VIEWER);
        }
        if (granted(config.workloads().rulePublishers(), workload)) {
            roles.add(Roles.RULE_PUBLISHER);
        }
        return roles;
    }

    Set<String> operatorRoles(Set<String> providerRoles) {
        SecurityConfig.Operators operators = config.operators();
        Set<String> roles = new HashSet<>();
        if (intersects(providerRoles, operators.adminRoles())) {
            roles.add(Roles.ADMIN);
        }
        if (roles.contains(Roles.ADMIN) || intersects(providerRoles, operators.operatorRoles())) {
            roles.add(Roles.OPERATOR);
        }
        if (roles.contains(Roles.OPERATOR) || intersects(providerRoles, operators.viewerRoles())) {
            roles.add(Roles.VIEWER);
        }
        roles.removeAll(Roles.WORKLOAD_ONLY);
        return roles;
    }

    private static boolean granted(Optional<List<String>> accounts, WorkloadIdentity workload) {
        return accounts.map(list -> list.contains(workload.serviceAccountId())).orElse(false);
    }

    private static boolean intersects(Set<String> roles, Set<String> granting) {
        for (String role : roles) {
            if (granting.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
