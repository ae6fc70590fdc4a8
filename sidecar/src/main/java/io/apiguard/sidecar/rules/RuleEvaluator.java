package io.apiguard.sidecar.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.inspect.InspectedRequest;
import io.apiguard.common.inspect.Signature;
import io.apiguard.common.net.IpAddress;
import io.apiguard.common.net.IpRange;
import io.apiguard.common.paths.RouteTable;
import io.apiguard.common.rules.PayloadSignatures;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.sidecar.spec.PositiveModel;

/**
 * A rule set compiled for the hot path, and the decision over it: {@link #evaluate} is a function of the call, the
 * clock and the rate-limit buckets only. Rules are found by hash lookups on the most selective field each has (subject,
 * credential fingerprint, client address block, api id, method + path template), so evaluation costs a handful of
 * probes however many rules are active; only rules without any of those fields (a bare payload signature or method)
 * are scanned. Payload signatures are compiled once, here.
 *
 * <p>Decision order: an allowlisted call (subject, address block, path prefix such as a health probe) is forwarded
 * before any rule is looked at; among matching, unexpired rules, an enforcing block wins (403), then an enforcing rate
 * limit whose bucket is empty (429), then anything monitored (forwarded, recorded as monitored); else forward.
 *
 * <p>Immutable and thread-safe: build a new one for a new set ({@link #compile}) and swap the reference. The rate-limit
 * buckets of a rule that keeps its id and rate carry over from the previous evaluator.
 *
 * <p>Threading: {@link #compile} is CPU work of milliseconds for a large set and must not run on an event loop (the
 * sync package calls it on a worker thread); it only reads the previous evaluator. Every field is final and written in
 * the constructor, so an evaluator published through a volatile or atomic reference is seen whole by every thread.
 * {@link #evaluate} and {@link #route} are called on every event loop at once: they never block, take no lock and do
 * no I/O; the client address is parsed once per call, and only when a rule or the allowlist names addresses.
 */
public final class RuleEvaluator {

    private static final CompiledRule[] NO_RULES = new CompiledRule[0];
    private static final String ANY_METHOD = "*";

    private final RuleSet ruleSet;
    private final int ruleCount;
    private final Map<String, CompiledRule[]> bySubject;
    private final Map<String, CompiledRule[]> byFingerprint;
    private final Map<String, CompiledRule[]> byApi;
    private final Map<String, Map<String, CompiledRule[]>> byTemplate;
    private final CidrIndex byAddress;
    private final CompiledRule[] unanchored;
    private final Set<String> allowSubjects;
    private final CidrIndex allowAddresses;
    /** Whether a decision needs the client's address: an address is parsed once per call, and only then. */
    private final boolean readsAddress;

    private final String[] allowPaths;
    private final Map<String, RateLimiter> limiters;
    private final RouteTable routes;
    private final PositiveModel positiveModel;

    private RuleEvaluator(
            RuleSet ruleSet, List<CompiledRule> rules, RuleSet.Allowlist allowlist, PositiveModel positiveModel) {
        this.ruleSet = ruleSet;
        this.routes = routeTable(ruleSet.routes());
        this.positiveModel = positiveModel;
        this.ruleCount = rules.size();
        Map<String, List<CompiledRule>> subjects = new HashMap<>();
        Map<String, List<CompiledRule>> fingerprints = new HashMap<>();
        Map<String, List<CompiledRule>> apis = new HashMap<>();
        Map<String, Map<String, List<CompiledRule>>> templates = new HashMap<>();
        CidrIndex.Builder addresses = new CidrIndex.Builder();
        List<CompiledRule> rest = new ArrayList<>();
        Map<String, RateLimiter> rateLimiters = new HashMap<>();
        for (CompiledRule rule : rules) {
            if (rule.limiter != null) {
                rateLimiters.put(rule.id, rule.limiter);
            }
            switch (rule.anchor) {
                case SUBJECT ->
                    subjects.computeIfAbsent(rule.subject, k -> new ArrayList<>())
                            .add(rule);
                case FINGERPRINT ->
                    fingerprints
                            .computeIfAbsent(rule.credentialFingerprint, k -> new ArrayList<>())
                            .add(rule);
                case ADDRESS -> addresses.add(rule.cidr, rule);
                case API ->
                    apis.computeIfAbsent(rule.apiId, k -> new ArrayList<>()).add(rule);
                case TEMPLATE ->
                    templates
                            .computeIfAbsent(rule.pathTemplate, k -> new HashMap<>())
                            .computeIfAbsent(rule.method == null ? ANY_METHOD : rule.method, k -> new ArrayList<>())
                            .add(rule);
                case NONE -> rest.add(rule);
            }
        }
        this.bySubject = freeze(subjects);
        this.byFingerprint = freeze(fingerprints);
        this.byApi = freeze(apis);
        Map<String, Map<String, CompiledRule[]>> frozenTemplates = new HashMap<>();
        templates.forEach((template, byMethod) -> frozenTemplates.put(template, freeze(byMethod)));
        this.byTemplate = frozenTemplates;
        this.byAddress = addresses.build();
        this.unanchored = rest.toArray(NO_RULES);
        this.allowSubjects = Set.copyOf(allowlist.subjects());
        CidrIndex.Builder allowed = new CidrIndex.Builder();
        for (String cidr : allowlist.cidrs()) {
            allowed.add(IpRange.parse(cidr), null);
        }
        this.allowAddresses = allowed.build();
        this.readsAddress = !allowAddresses.isEmpty() || rules.stream().anyMatch(rule -> rule.cidr != null);
        this.allowPaths = allowlist.pathPrefixes().toArray(String[]::new);
        this.limiters = rateLimiters;
    }

    /** An evaluator with no rules (version 0): every call is forwarded. */
    public static RuleEvaluator empty() {
        return new RuleEvaluator(RuleSet.empty(), List.of(), RuleSet.Allowlist.NONE, PositiveModel.empty());
    }

    /**
     * Compiles {@code ruleSet} for a sidecar.
     *
     * @param ruleSet     a validated set
     * @param namespace   the sidecar's namespace, which decides the mode of policy-made rules; null when unknown
     * @param monitorOnly the sidecar runs in monitor mode: every rule only monitors
     * @param previous    the evaluator this one replaces, whose rate-limit buckets carry over; may be null
     * @param maxCallers  buckets kept per rate-limit rule (subjects and addresses each, or APIs for a shared key)
     * @throws IllegalArgumentException when a rule cannot be compiled
     */
    public static RuleEvaluator compile(
            RuleSet ruleSet, String namespace, boolean monitorOnly, RuleEvaluator previous, int maxCallers) {
        return compile(ruleSet, namespace, monitorOnly, previous, maxCallers, PositiveModel.Options.DEFAULTS);
    }

    /**
     * Compiles {@code ruleSet} for a sidecar, and with it the positive model of its routes' specs (their operations'
     * handles are the route table's, so the two are swapped in together).
     *
     * @param positiveModel how the routes' request contracts are compiled
     * @see #compile(RuleSet, String, boolean, RuleEvaluator, int)
     */
    public static RuleEvaluator compile(
            RuleSet ruleSet,
            String namespace,
            boolean monitorOnly,
            RuleEvaluator previous,
            int maxCallers,
            PositiveModel.Options positiveModel) {
        Map<String, Signature> signatures = new HashMap<>();
        List<CompiledRule> rules = new ArrayList<>(ruleSet.rules().size());
        for (EnforcementRule rule : ruleSet.rules()) {
            RuleMode mode = monitorOnly ? RuleMode.MONITOR : ruleSet.effectiveMode(rule, namespace);
            String signatureId = rule.match().payloadSignature();
            Signature signature = signatureId == null
                    ? null
                    : signatures.computeIfAbsent(
                            signatureId, id -> PayloadSignatures.signature(id, ruleSet.signatures()));
            RateLimiter limiter = null;
            if (rule.action() == RuleAction.RATE_LIMIT) {
                RateLimiter kept = previous == null ? null : previous.limiters.get(rule.id());
                limiter = kept != null
                                && kept.ratePerSecond() == rule.ratePerSecond()
                                && kept.key() == rule.effectiveRateKey()
                        ? kept
                        : new RateLimiter(rule.ratePerSecond(), rule.effectiveRateKey(), maxCallers);
            }
            rules.add(new CompiledRule(rule, mode, signature, limiter));
        }
        return new RuleEvaluator(
                ruleSet, rules, ruleSet.allowlist(), PositiveModel.compile(ruleSet.routes(), positiveModel));
    }

    /** The positive model of the set's specs, whose handles are those of {@link #route}'s answers. */
    public PositiveModel positiveModel() {
        return positiveModel;
    }

    /** The set this evaluator was compiled from. */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    /**
     * The API and operation template of a call by the set's route table; {@link RouteTable#NO_ROUTE} when no route
     * serves it. Thread-safe; allocates nothing beyond the route matcher's host and prefix probes.
     */
    public RouteTable.Resolved route(String host, String method, String path) {
        return routes.resolve(host, method, path);
    }

    /** Number of routes in the set's route table. */
    public int routeCount() {
        return routes.size();
    }

    /** The route table of a set compiled for lookups. */
    static RouteTable routeTable(List<RuleSet.Route> routes) {
        if (routes.isEmpty()) {
            return RouteTable.empty();
        }
        RouteTable.Builder table = RouteTable.builder();
        for (RuleSet.Route route : routes) {
            table.route(route.apiId(), route.host(), route.path(), route.matchType());
        }
        // declared templates carry their positive-model handle: their position in the set, as PositiveModel numbers
        // them
        List<PositiveModel.Declared> declared = PositiveModel.declared(routes);
        for (int handle = 0; handle < declared.size(); handle++) {
            RuleSet.Route route = declared.get(handle).route();
            RuleSet.RouteTemplate template = declared.get(handle).template();
            table.template(route.apiId(), template.method(), template.template(), template.operation(), handle);
        }
        for (RuleSet.Route route : routes) {
            for (RuleSet.RouteTemplate template : route.learned()) {
                table.template(route.apiId(), template.method(), template.template(), false);
            }
        }
        return table.build();
    }

    /** Number of rules (expired ones included until the next set leaves them out). */
    public int ruleCount() {
        return ruleCount;
    }

    /**
     * Decides one call. Thread-safe and non-blocking; allocates nothing for a call no rule is indexed under.
     *
     * @param facts     the call
     * @param nowMillis wall-clock time, for rule expiry
     * @param nowNanos  monotonic time, for the rate-limit buckets
     */
    public EnforcementDecision evaluate(CallFacts facts, long nowMillis, long nowNanos) {
        if (ruleCount == 0) {
            return EnforcementDecision.FORWARD;
        }
        IpAddress client = readsAddress ? IpAddress.parseOrNull(facts.clientIp()) : null;
        if (allowlisted(facts, client)) {
            return EnforcementDecision.FORWARD;
        }
        Scan scan = null;
        String subject = facts.subject();
        if (subject != null && !bySubject.isEmpty()) {
            CompiledRule[] rules = bySubject.get(subject);
            if (rules != null && (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(rules)) {
                return scan.best;
            }
        }
        String fingerprint = facts.credentialFingerprint();
        if (fingerprint != null && !byFingerprint.isEmpty()) {
            CompiledRule[] rules = byFingerprint.get(fingerprint);
            if (rules != null && (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(rules)) {
                return scan.best;
            }
        }
        if (client != null && !byAddress.isEmpty()) {
            if (client.isV4()) {
                for (int i = 0; i < byAddress.v4Count(); i++) {
                    CompiledRule[] rules = byAddress.v4(i, client);
                    if (rules.length > 0 && (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(rules)) {
                        return scan.best;
                    }
                }
            } else if (byAddress.hasV6()) {
                CompiledRule[] rules = byAddress.v6(client).toArray(NO_RULES);
                if (rules.length > 0 && (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(rules)) {
                    return scan.best;
                }
            }
        }
        String apiId = facts.apiId();
        if (apiId != null && !byApi.isEmpty()) {
            CompiledRule[] rules = byApi.get(apiId);
            if (rules != null && (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(rules)) {
                return scan.best;
            }
        }
        if (!byTemplate.isEmpty()) {
            String template = facts.pathTemplate();
            if (template != null
                    && (scan = considerTemplate(template, scan, facts, client, nowMillis, nowNanos)) != null
                    && scan.blocked()) {
                return scan.best;
            }
            // the route table's template, when it differs: a rule is indexed under one template, so it is found once
            String routeTemplate = facts.routeTemplate();
            if (routeTemplate != null
                    && !routeTemplate.equals(template)
                    && (scan = considerTemplate(routeTemplate, scan, facts, client, nowMillis, nowNanos)) != null
                    && scan.blocked()) {
                return scan.best;
            }
        }
        if (unanchored.length > 0 && (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(unanchored)) {
            return scan.best;
        }
        return scan == null || scan.best == null ? EnforcementDecision.FORWARD : scan.best;
    }

    /** Considers the rules indexed under {@code template}; the scan (created when a rule is found), or {@code scan}. */
    private Scan considerTemplate(
            String template, Scan scan, CallFacts facts, IpAddress client, long nowMillis, long nowNanos) {
        Map<String, CompiledRule[]> byMethod = byTemplate.get(template);
        if (byMethod == null) {
            return scan;
        }
        CompiledRule[] exact = facts.method() == null ? null : byMethod.get(facts.method());
        if (exact != null && (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(exact)) {
            return scan;
        }
        CompiledRule[] any = byMethod.get(ANY_METHOD);
        if (any != null) {
            (scan = scan(scan, facts, client, nowMillis, nowNanos)).consider(any);
        }
        return scan;
    }

    /**
     * Whether the set's allowlist exempts the call (a listed subject, address block or path prefix such as a health
     * probe): nothing blocks it, the positive model included. Thread-safe, non-blocking.
     */
    public boolean allowlisted(CallFacts facts) {
        return allowlisted(facts, readsAddress ? IpAddress.parseOrNull(facts.clientIp()) : null);
    }

    private boolean allowlisted(CallFacts facts, IpAddress client) {
        if (!allowSubjects.isEmpty() && facts.subject() != null && allowSubjects.contains(facts.subject())) {
            return true;
        }
        String path = facts.path();
        if (path != null) {
            for (String prefix : allowPaths) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return allowAddresses.contains(client);
    }

    private static Scan scan(Scan existing, CallFacts facts, IpAddress client, long nowMillis, long nowNanos) {
        return existing != null ? existing : new Scan(facts, client, nowMillis, nowNanos);
    }

    private static <K> Map<K, CompiledRule[]> freeze(Map<K, List<CompiledRule>> lists) {
        Map<K, CompiledRule[]> frozen = new HashMap<>(Math.max(16, lists.size() * 2));
        lists.forEach((key, rules) -> frozen.put(key, rules.toArray(NO_RULES)));
        return frozen;
    }

    /**
     * The state of one evaluation: the best decision so far, and the request decoded for payload signatures ({@link
     * InspectedRequest}: path, query, headers, cookies and body values), built once, and only when a candidate rule
     * has a payload signature.
     */
    private static final class Scan {

        private final CallFacts facts;
        private final IpAddress client;
        private final long nowMillis;
        private final long nowNanos;
        private EnforcementDecision best;
        private int bestRank;
        private InspectedRequest inspected;
        /** Where the last signature checked matched; read right after {@link #signatureHit} returned true. */
        private InspectedRequest.Hit hit;

        Scan(CallFacts facts, IpAddress client, long nowMillis, long nowNanos) {
            this.facts = facts;
            this.client = client;
            this.nowMillis = nowMillis;
            this.nowNanos = nowNanos;
        }

        /** True when a block decided, so nothing else need be looked at. */
        boolean blocked() {
            return bestRank == CompiledRule.RANK_BLOCK;
        }

        /** Considers {@code rules}; true when a block decided, so nothing else need be looked at. */
        boolean consider(CompiledRule[] rules) {
            for (CompiledRule rule : rules) {
                if (rule.rank <= bestRank && rule.limiter == null) {
                    continue; // cannot change the outcome
                }
                if (!rule.matchesFields(facts, client, nowMillis)
                        || (rule.signature != null && !signatureHit(rule.signature))) {
                    continue;
                }
                if (rule.limiter != null
                        && rule.limiter.tryAcquire(facts.subject(), facts.clientIp(), facts.apiId(), nowNanos)) {
                    continue; // within its rate: the rule does nothing to this call
                }
                if (rule.rank > bestRank) {
                    // a signature match says where it matched, so the proxy can record it: one allocation per match
                    best = rule.signature == null ? rule.onMatch : rule.onMatch.withViolation(hit.violation());
                    bestRank = rule.rank;
                    if (bestRank == CompiledRule.RANK_BLOCK) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean signatureHit(Signature signature) {
            if (inspected == null) {
                inspected = InspectedRequest.of(facts.path(), facts.rawQuery(), facts.content());
            }
            hit = inspected.find(signature);
            return hit != null;
        }
    }
}
