package io.apiguard.support.security;

import java.util.Set;

/**
 * The roles every apiguard app checks with {@code @RolesAllowed}. Operator roles nest: an admin is also an operator, an
 * operator also a viewer. Workload roles are granted only to tokens of the cluster issuer, never from an operator
 * token's claims.
 */
public final class Roles {

    /** Reads everything: inventory, calls, findings, detections, rules. */
    public static final String VIEWER = "viewer";
    /** Acknowledges and suppresses findings, marks false positives, creates and expires rules. */
    public static final String OPERATOR = "operator";
    /** Policy, allowlists, suppressions of scope {@code all}. */
    public static final String ADMIN = "admin";
    /** Any pod of the cluster with a projected token for apiguard: sidecars and gateways (ingest, register, pull). */
    public static final String WORKLOAD = "workload";
    /** The workload allowed to push rule sets to sidecars: enforcement-service's service account. */
    public static final String RULE_PUBLISHER = "rule-publisher";

    /** Roles that only the cluster issuer's tokens can carry. */
    static final Set<String> WORKLOAD_ONLY = Set.of(WORKLOAD, RULE_PUBLISHER);

    private Roles() {}
}
