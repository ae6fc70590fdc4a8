package io.apiguard.posture.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.Severity;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.common.paths.RouteMatcher;
import io.apiguard.posture.findings.Finding;
import io.apiguard.posture.findings.FindingBook;
import io.apiguard.posture.findings.Suppression;
import io.apiguard.posture.rules.ApiFacts;
import io.apiguard.posture.rules.PostureRule;
import io.apiguard.posture.rules.RuleThresholds;
import io.apiguard.posture.rules.Violation;
import io.apiguard.posture.traffic.TrafficStats;

/**
 * posture-service's state and evaluation, without I/O: the inventory as last announced, when each API was last
 * evaluated, and the findings. Every mutator returns the findings whose state changed, to persist and announce.
 * Thread-safe (one lock): the inventory consumer, the scheduler and the REST actions all mutate it.
 */
public final class Posture {

    /** A version segment: {@code v1}, {@code v2}, ... */
    private static final Pattern VERSION = Pattern.compile("(?i)^v(\\d{1,4})$");

    private final List<PostureRule> rules;
    private final RuleThresholds thresholds;
    private final BiFunction<String, Instant, TrafficStats> traffic;
    private final Map<String, ApiEndpoint> apis = new HashMap<>();
    private final Map<String, Instant> evaluatedAt = new HashMap<>();
    /** Version group key (host + path with the version segment as {@code {v}}) to its APIs. */
    private final Map<String, Set<String>> versionGroups = new HashMap<>();

    private final FindingBook book = new FindingBook();
    private RouteMatcher matcher = RouteMatcher.empty();
    private boolean matcherStale;

    /**
     * @param rules      the catalogue
     * @param thresholds the traffic rules' figures
     * @param traffic    an API's recent traffic at an instant; called under this object's lock, so it must not call
     *                   back into it
     */
    public Posture(
            List<PostureRule> rules, RuleThresholds thresholds, BiFunction<String, Instant, TrafficStats> traffic) {
        this.rules = List.copyOf(rules);
        this.thresholds = thresholds;
        this.traffic = traffic;
    }

    /** Loads persisted state at start; evaluates nothing. */
    public synchronized void load(
            Collection<ApiEndpoint> endpoints,
            Map<String, Instant> evaluated,
            Collection<Finding> findings,
            Collection<Suppression> suppressions) {
        endpoints.forEach(this::index);
        evaluatedAt.putAll(evaluated);
        book.load(findings, suppressions);
    }

    /** An API was added or changed: evaluates it and the other versions of it. */
    public synchronized List<Finding> upsert(ApiEndpoint endpoint, Instant now) {
        ApiEndpoint previous = apis.get(endpoint.id());
        Set<String> affected = new HashSet<>();
        if (previous != null) {
            affected.addAll(unindex(previous));
        }
        affected.addAll(index(endpoint));
        affected.add(endpoint.id());
        List<Finding> changed = new ArrayList<>();
        for (String id : affected) {
            ApiEndpoint api = apis.get(id);
            if (api != null) {
                evaluate(api, now, changed);
            }
        }
        return changed;
    }

    /** An API left the inventory: its findings resolve, and the other versions of it are evaluated again. */
    public synchronized List<Finding> remove(String apiId, Instant now) {
        List<Finding> changed = new ArrayList<>();
        ApiEndpoint previous = apis.get(apiId);
        if (previous != null) {
            for (String sibling : unindex(previous)) {
                ApiEndpoint api = apis.get(sibling);
                if (api != null) {
                    evaluate(api, now, changed);
                }
            }
        }
        evaluatedAt.remove(apiId);
        book.resolveApi(apiId, now, changed);
        return changed;
    }

    /** Evaluates every API, and opens findings whose acknowledgement lapsed. */
    public synchronized List<Finding> evaluateAll(Instant now) {
        List<Finding> changed = new ArrayList<>();
        for (ApiEndpoint api : apis.values()) {
            evaluate(api, now, changed);
        }
        book.expireAcknowledgements(now, changed);
        return changed;
    }

    /** See {@link FindingBook#acknowledge}. */
    public synchronized Finding acknowledge(String id, String by, String reason, Instant until, Instant now) {
        return book.acknowledge(id, by, reason, until, now);
    }

    /** See {@link FindingBook#acknowledgeable}. */
    public synchronized Finding acknowledgeable(String id, Instant until, Instant now) {
        return book.acknowledgeable(id, until, now);
    }

    /** See {@link FindingBook#unacknowledge}. */
    public synchronized Finding unacknowledge(String id, Instant now) {
        return book.unacknowledge(id, now);
    }

    /** See {@link FindingBook#unacknowledgeable}. */
    public synchronized Finding unacknowledgeable(String id) {
        return book.unacknowledgeable(id);
    }

    /** See {@link FindingBook#suppress}. */
    public synchronized List<Finding> suppress(Suppression suppression, Instant now) {
        List<Finding> changed = new ArrayList<>();
        book.suppress(suppression, now, changed);
        return changed;
    }

    /** See {@link FindingBook#unsuppress}; null when there is no such suppression. */
    public synchronized Unsuppressed unsuppress(String suppressionId, Instant now) {
        List<Finding> changed = new ArrayList<>();
        Suppression removed = book.unsuppress(suppressionId, now, changed);
        return removed == null ? null : new Unsuppressed(removed, changed);
    }

    /** A removed suppression and the findings it released. */
    public record Unsuppressed(Suppression suppression, List<Finding> changed) {}

    /** The id of the inventoried API serving {@code host} and {@code path}, or null. */
    public synchronized String resolveApi(String apiId, String host, String path) {
        if (apiId != null && apis.containsKey(apiId)) {
            return apiId;
        }
        if (matcherStale) {
            RouteMatcher.Builder builder = RouteMatcher.builder();
            apis.values()
                    .forEach(api -> builder.add(
                            api.id(),
                            api.host(),
                            api.path(),
                            api.matchType() == null ? MatchType.PREFIX : api.matchType()));
            matcher = builder.build();
            matcherStale = false;
        }
        String id = matcher.match(host, path);
        // Traffic-only APIs are inventoried by their template: /debug/cache/{id}.
        return id != null ? id : matcher.match(host, PathTemplates.template(path));
    }

    /** The finding, or null. */
    public synchronized Finding finding(String id) {
        return book.finding(id);
    }

    /** Every finding, copied. */
    public synchronized List<Finding> findings() {
        return List.copyOf(book.all());
    }

    /** The suppression, or null. */
    public synchronized Suppression suppression(String id) {
        return book.suppression(id);
    }

    /** Every suppression. */
    public synchronized List<Suppression> suppressions() {
        return book.suppressions();
    }

    /** Every API, copied. */
    public synchronized List<ApiEndpoint> apis() {
        return List.copyOf(apis.values());
    }

    /** The findings confirmed since the last drain, and the evaluation times, to persist. */
    public synchronized Flush drainFlush() {
        return new Flush(book.drainConfirmed(), Map.copyOf(evaluatedAt));
    }

    /** What the periodic flush writes. */
    public record Flush(List<Finding> confirmed, Map<String, Instant> evaluatedAt) {}

    /** Level 3 figures as of {@code now}. */
    public synchronized Figures figures(Instant now, Duration maxEvaluationAge) {
        Instant cutoff = now.minus(maxEvaluationAge);
        long fresh = 0;
        Instant oldest = null;
        for (String id : apis.keySet()) {
            Instant at = evaluatedAt.get(id);
            if (at != null && !at.isBefore(cutoff)) {
                fresh++;
            }
            if (at == null) {
                oldest = Instant.EPOCH;
            } else if (oldest == null || at.isBefore(oldest)) {
                oldest = at;
            }
        }
        Map<String, Long> byState = new LinkedHashMap<>();
        for (FindingState state : FindingState.values()) {
            byState.put(state.wire(), 0L);
        }
        long openCritical = 0;
        long acknowledgedCritical = 0;
        for (Finding finding : book.all()) {
            byState.merge(finding.state().wire(), 1L, Long::sum);
            if (finding.severity() == Severity.CRITICAL) {
                if (finding.openAt(now)) {
                    openCritical++;
                } else if (finding.state() == FindingState.ACKNOWLEDGED) {
                    acknowledgedCritical++;
                }
            }
        }
        return new Figures(
                apis.size(),
                fresh,
                oldest == Instant.EPOCH ? null : oldest,
                byState,
                openCritical,
                acknowledgedCritical);
    }

    /**
     * Level 3 figures.
     *
     * @param apis                   inventoried APIs
     * @param evaluatedRecently      of them, evaluated within the age asked for
     * @param oldestEvaluation       the oldest evaluation of an inventoried API; null if one was never evaluated
     * @param findingsByState        findings per state
     * @param openCritical           critical findings open or with a lapsed acknowledgement
     * @param acknowledgedCritical   critical findings acknowledged and not lapsed
     */
    public record Figures(
            long apis,
            long evaluatedRecently,
            Instant oldestEvaluation,
            Map<String, Long> findingsByState,
            long openCritical,
            long acknowledgedCritical) {

        /** Share of APIs evaluated recently; 0 without APIs. */
        public double evaluatedShare() {
            return apis == 0 ? 0 : (double) evaluatedRecently / apis;
        }
    }

    private void evaluate(ApiEndpoint api, Instant now, List<Finding> changed) {
        ApiFacts facts = new ApiFacts(api, traffic.apply(api.id(), now), newerVersionOf(api));
        Map<PostureRule, Violation> violations = null;
        for (PostureRule rule : rules) {
            Violation violation = rule.check().test(facts, thresholds);
            if (violation != null) {
                if (violations == null) {
                    violations = new LinkedHashMap<>();
                }
                violations.put(rule, violation);
            }
        }
        book.reconcile(api.id(), api.namespace(), violations == null ? Map.of() : violations, now, changed);
        evaluatedAt.put(api.id(), now);
    }

    /** The path of a live API of the same group with a higher version, or null. */
    private String newerVersionOf(ApiEndpoint api) {
        Version version = version(api);
        if (version == null) {
            return null;
        }
        String newest = null;
        int newestNumber = version.number;
        for (String id : versionGroups.getOrDefault(version.group, Set.of())) {
            ApiEndpoint other = apis.get(id);
            Version otherVersion = other == null ? null : version(other);
            if (otherVersion != null && otherVersion.number > newestNumber && other.state() != ApiState.ZOMBIE) {
                newest = other.path();
                newestNumber = otherVersion.number;
            }
        }
        return newest;
    }

    /** Indexes an API; returns the other members of its version group. */
    private Set<String> index(ApiEndpoint api) {
        apis.put(api.id(), api);
        matcherStale = true;
        Version version = version(api);
        if (version == null) {
            return Set.of();
        }
        Set<String> group = versionGroups.computeIfAbsent(version.group, key -> new HashSet<>());
        group.add(api.id());
        Set<String> others = new HashSet<>(group);
        others.remove(api.id());
        return others;
    }

    /** Removes an API from the indexes; returns the other members of its version group. */
    private Set<String> unindex(ApiEndpoint api) {
        apis.remove(api.id());
        matcherStale = true;
        Version version = version(api);
        if (version == null) {
            return Set.of();
        }
        Set<String> group = versionGroups.get(version.group);
        if (group == null) {
            return Set.of();
        }
        group.remove(api.id());
        if (group.isEmpty()) {
            versionGroups.remove(version.group);
        }
        return Set.copyOf(group);
    }

    private record Version(String group, int number) {}

    /** The API's version group and number, from the first path segment that is a version; null when none is. */
    private static Version version(ApiEndpoint api) {
        String path = api.path();
        int start = path.startsWith("/") ? 1 : 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end - start >= 2 && (path.charAt(start) == 'v' || path.charAt(start) == 'V')) {
                Matcher matcher = VERSION.matcher(path.substring(start, end));
                if (matcher.matches()) {
                    String group = api.host() + ' ' + path.substring(0, start) + "{v}" + path.substring(end);
                    return new Version(group, Integer.parseInt(matcher.group(1)));
                }
            }
            start = end + 1;
        }
        return null;
    }
}
