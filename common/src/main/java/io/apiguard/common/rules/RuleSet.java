package io.apiguard.common.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;

/**
 * The active rule set as enforcement-service distributes it: the whole set, not a delta, so a sidecar that missed a
 * push is current again after the next one it receives. Immutable.
 *
 * @param version        monotonically increasing (a database sequence): a sidecar never goes back to an older set
 * @param hash           SHA-256 of the content ({@link RuleSetHash}), so equal content is recognised across versions
 * @param issuedAt       when enforcement-service built this version
 * @param rules          the active rules; expired ones are left out by the issuer and ignored by the sidecar
 * @param allowlist      callers and paths no rule ever blocks
 * @param namespaceModes per sidecar namespace, the mode policy-created rules run in there (overrides their own mode)
 * @param signatures     custom payload signatures (id to regular expression) beside {@link PayloadSignatures#BUILT_IN}
 * @param routes         the route table from the inventory, so a sidecar knows each call's api id and declared template
 *                       (a rule by {@code match.apiId} or on a declared template can fire); signed with the rules
 */
public record RuleSet(
        long version,
        String hash,
        Instant issuedAt,
        List<EnforcementRule> rules,
        Allowlist allowlist,
        Map<String, RuleMode> namespaceModes,
        Map<String, String> signatures,
        List<Route> routes) {

    /** {@code createdBy} of rules that policy made from detections (the ones {@link #namespaceModes} applies to). */
    public static final String POLICY = "policy";

    public RuleSet {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        rules = rules == null ? List.of() : List.copyOf(rules);
        allowlist = allowlist == null ? Allowlist.NONE : allowlist;
        namespaceModes = namespaceModes == null ? Map.of() : Map.copyOf(namespaceModes);
        signatures = signatures == null ? Map.of() : Map.copyOf(signatures);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** A set without a route table (what issuers before the route table sent). */
    public RuleSet(
            long version,
            String hash,
            Instant issuedAt,
            List<EnforcementRule> rules,
            Allowlist allowlist,
            Map<String, RuleMode> namespaceModes,
            Map<String, String> signatures) {
        this(version, hash, issuedAt, rules, allowlist, namespaceModes, signatures, List.of());
    }

    /** The empty set a sidecar starts with before it has received any (version 0). */
    public static RuleSet empty() {
        return new RuleSet(
                0,
                RuleSetHash.of(List.of(), Allowlist.NONE, Map.of(), Map.of()),
                null,
                List.of(),
                Allowlist.NONE,
                Map.of(),
                Map.of());
    }

    /** A set of {@code rules} without a route table, with its content hash computed. */
    public static RuleSet of(
            long version,
            Instant issuedAt,
            List<EnforcementRule> rules,
            Allowlist allowlist,
            Map<String, RuleMode> namespaceModes,
            Map<String, String> signatures) {
        return of(version, issuedAt, rules, allowlist, namespaceModes, signatures, List.of());
    }

    /** A set of {@code rules} and {@code routes} (sorted by api id here), with its content hash computed. */
    public static RuleSet of(
            long version,
            Instant issuedAt,
            List<EnforcementRule> rules,
            Allowlist allowlist,
            Map<String, RuleMode> namespaceModes,
            Map<String, String> signatures,
            List<Route> routes) {
        Allowlist list = allowlist == null ? Allowlist.NONE : allowlist;
        Map<String, RuleMode> modes = namespaceModes == null ? Map.of() : namespaceModes;
        Map<String, String> custom = signatures == null ? Map.of() : signatures;
        List<Route> table = routes == null ? List.of() : RuleSetHash.sorted(routes);
        return new RuleSet(
                version,
                RuleSetHash.of(rules, list, modes, custom, table),
                issuedAt,
                rules,
                list,
                new TreeMap<>(modes),
                new TreeMap<>(custom),
                table);
    }

    /** The mode {@code rule} runs in at a sidecar in {@code namespace} (null: the sidecar's namespace is unknown). */
    public RuleMode effectiveMode(EnforcementRule rule, String namespace) {
        if (namespace != null && POLICY.equals(rule.createdBy())) {
            return Objects.requireNonNullElse(namespaceModes.get(namespace), rule.mode());
        }
        return rule.mode();
    }

    /**
     * What no rule ever blocks: health probes, listed service accounts, trusted networks.
     *
     * @param subjects     identity subjects (service accounts) that are never blocked
     * @param cidrs        client addresses or blocks that are never blocked
     * @param pathPrefixes request paths starting with one of these (health probes) are never blocked
     */
    public record Allowlist(List<String> subjects, List<String> cidrs, List<String> pathPrefixes) {

        /** Nothing allowlisted. */
        public static final Allowlist NONE = new Allowlist(List.of(), List.of(), List.of());

        public Allowlist {
            subjects = subjects == null ? List.of() : List.copyOf(subjects);
            cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
            pathPrefixes = pathPrefixes == null ? List.of() : List.copyOf(pathPrefixes);
        }
    }

    /**
     * One inventoried API as the sidecar matches calls to it: the host and path that select it (as the Ingress
     * declares them), and the operation templates known of it. Declared templates (an OpenAPI spec's, or the declared
     * path itself when it has {@code {name}} segments) are preferred to learned ones (what traffic showed).
     *
     * @param apiId     the inventory id ({@code apiguard.inventory}'s key), what {@code match.apiId} names
     * @param host      request host; {@code *} for any host, {@code *.example.com} for a wildcard
     * @param path      the declared path
     * @param matchType how {@code path} matches; null is taken as a prefix, as Ingress controllers do
     * @param declared  declared operation templates
     * @param learned   operation templates learned from traffic
     * @param validation what the sidecar does with a call that breaks the API's spec (the {@code request} contracts
     *                   of {@code declared}); {@link SpecValidation#OFF} when null or when the API has no spec. In
     *                   monitor and enforce mode a call to an operation the spec does not declare is a violation too.
     */
    public record Route(
            String apiId,
            String host,
            String path,
            MatchType matchType,
            List<RouteTemplate> declared,
            List<RouteTemplate> learned,
            SpecValidation validation) {

        public Route {
            declared = declared == null ? List.of() : List.copyOf(declared);
            learned = learned == null ? List.of() : List.copyOf(learned);
            validation = validation == null ? SpecValidation.OFF : validation;
        }

        public Route(
                String apiId,
                String host,
                String path,
                MatchType matchType,
                List<RouteTemplate> declared,
                List<RouteTemplate> learned) {
            this(apiId, host, path, matchType, declared, learned, SpecValidation.OFF);
        }
    }

    /**
     * An operation template of a route.
     *
     * @param method   HTTP method, upper-case; null for any method
     * @param template the path template, e.g. {@code /accounts/{accountId}}: each {@code {name}} is one whole segment
     * @param operation the spec's name for it ({@code operationId}, else {@code METHOD template}); null when learned
     * @param request  what the spec lets a request of it carry; null for a learned template
     */
    public record RouteTemplate(String method, String template, String operation, RequestContract request) {

        public RouteTemplate(String method, String template) {
            this(method, template, null, null);
        }
    }
}
