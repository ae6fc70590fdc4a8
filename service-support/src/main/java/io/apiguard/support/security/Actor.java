package io.apiguard.support.security;

import java.util.Set;
import java.util.TreeSet;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who did something, as the verified token says: the only source of {@code createdBy}, acknowledged-by and every other
 * actor field.
 *
 * @param subject the token's principal: the operator's user name, or {@code system:serviceaccount:<ns>:<name>}
 * @param kind    {@code operator} or {@code workload}
 * @param roles   apiguard's roles the caller held
 */
public record Actor(String subject, String kind, Set<String> roles) {

    /** The actor of a call authenticated as {@code identity}. */
    public static Actor of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new IllegalStateException("an action needs an authenticated caller");
        }
        String kind = WorkloadIdentity.of(identity).isPresent() ? "workload" : "operator";
        return new Actor(identity.getPrincipal().getName(), kind, new TreeSet<>(identity.getRoles()));
    }
}
