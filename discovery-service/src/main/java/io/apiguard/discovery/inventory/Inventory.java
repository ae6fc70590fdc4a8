package io.apiguard.discovery.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.OperationOrigin;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.common.paths.RouteMatcher;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecFacts;
import io.apiguard.discovery.ingress.ApiIds;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.apiguard.discovery.spec.SpecDocument;
import io.apiguard.discovery.spec.SpecLoad;

/**
 * The inventory's state and rules, without I/O: what the Ingresses declare, what traffic shows, and the state of
 * each API that follows. Every mutator returns the changes to persist and announce. Thread-safe (one lock): the
 * informer, the call consumer and the scheduler all mutate it.
 */
public final class Inventory {

    private final Map<String, TrackedApi> apis = new HashMap<>();
    /** Ingress key ({@code namespace/name}) to the ids of the routes it declares. */
    private final Map<String, Set<String>> declaredBy = new HashMap<>();

    private final int maxOperationsPerApi;
    private final int maxShadowApis;
    private RouteMatcher matcher = RouteMatcher.empty();
    private boolean matcherStale;
    private int shadowCount;
    private long callsObserved;
    private long callsMatched;
    /** Starts from the clock, in microseconds, so it keeps growing across restarts without reading the table. */
    private long sequence = System.currentTimeMillis() * 1000;

    /**
     * @param maxOperationsPerApi learned operations kept per API; further ones are counted on the API only
     * @param maxShadowApis       traffic-only APIs kept; calls beyond that are counted but not inventoried, so a
     *                            scanner walking random paths cannot grow the table without bound
     */
    public Inventory(int maxOperationsPerApi, int maxShadowApis) {
        this.maxOperationsPerApi = maxOperationsPerApi;
        this.maxShadowApis = maxShadowApis;
    }

    /**
     * The changes one mutation caused: APIs to upsert and APIs removed (as they last were). {@code sequence} orders
     * mutations, so a slower write of an older snapshot never overwrites a newer one.
     */
    public record Changes(
            List<ApiEndpoint> upserted, List<ApiEndpoint> removed, long sequence, List<SpecDocument> documents) {

        static final Changes NONE = new Changes(List.of(), List.of(), 0);

        /** Changes that store no spec document. */
        public Changes(List<ApiEndpoint> upserted, List<ApiEndpoint> removed, long sequence) {
            this(upserted, removed, sequence, List.of());
        }

        public boolean isEmpty() {
            return upserted.isEmpty() && removed.isEmpty() && documents.isEmpty();
        }
    }

    /** Loads persisted APIs at start, before anything else happens; announces nothing. */
    public synchronized void load(Collection<ApiEndpoint> persisted) {
        for (ApiEndpoint endpoint : persisted) {
            TrackedApi api = TrackedApi.of(endpoint);
            apis.put(api.id, api);
            api.sourceIngresses.forEach(ingress ->
                    declaredBy.computeIfAbsent(ingress, key -> new HashSet<>()).add(api.id));
            if (api.state == ApiState.SHADOW) {
                shadowCount++;
            }
        }
        matcherStale = true;
    }

    /**
     * Takes in persisted APIs this inventory does not know (a new leader adopting what the previous one stored while
     * this replica did not see it, e.g. a shadow API from a call it missed); known ones keep their state here.
     * Announces nothing; returns how many were adopted.
     */
    public synchronized int adopt(Collection<ApiEndpoint> persisted) {
        List<ApiEndpoint> unknown = persisted.stream()
                .filter(endpoint -> !apis.containsKey(endpoint.id()))
                .toList();
        load(unknown);
        return unknown.size();
    }

    /** Every API as it is now, as one change (all upserted), e.g. for a new leader to announce the whole inventory. */
    public synchronized Changes snapshot() {
        List<SpecDocument> documents = new ArrayList<>();
        apis.values().stream()
                .filter(api -> api.specDocument != null)
                .forEach(api -> documents.add(new SpecDocument(api.id, api.spec.reference(), api.specDocument)));
        return changes(all(), List.of(), documents);
    }

    /** Replaces what {@code ingress} declares with {@code routes} (empty when the Ingress is gone). */
    public synchronized Changes declare(String ingress, List<DeclaredRoute> routes, Instant now) {
        Map<String, DeclaredRoute> byId = new LinkedHashMap<>();
        routes.forEach(route -> byId.putIfAbsent(route.apiId(), route));
        Set<String> previous = declaredBy.getOrDefault(ingress, Set.of());
        List<ApiEndpoint> upserted = new ArrayList<>();
        List<ApiEndpoint> removed = new ArrayList<>();
        List<SpecDocument> documents = new ArrayList<>();

        for (String id : previous) {
            if (!byId.containsKey(id)) {
                TrackedApi api = apis.get(id);
                if (api != null) {
                    api.sourceIngresses.remove(ingress);
                    if (api.declared()) {
                        upserted.add(api.snapshot());
                    } else {
                        apis.remove(id);
                        removed.add(api.snapshot());
                    }
                }
            }
        }
        for (DeclaredRoute route : byId.values()) {
            TrackedApi api = apis.get(route.apiId());
            boolean changed;
            if (api == null) {
                api = new TrackedApi(route.apiId(), ApiSource.INGRESS, now);
                api.state = ApiState.DECLARED;
                apis.put(api.id, api);
                changed = true;
            } else {
                changed = !api.sourceIngresses.contains(ingress);
            }
            changed |= applyRoute(api, route);
            changed |= applySpec(api, route.spec(), documents);
            api.sourceIngresses.add(ingress);
            if (changed) {
                upserted.add(api.snapshot());
            }
        }
        if (byId.isEmpty()) {
            declaredBy.remove(ingress);
        } else {
            declaredBy.put(ingress, new HashSet<>(byId.keySet()));
        }
        if (!upserted.isEmpty() || !removed.isEmpty()) {
            // Rebuilt lazily: an initial sync of thousands of Ingresses must not rebuild it once per Ingress.
            matcherStale = true;
            if (shadowCount > 0) {
                rebuildMatcher();
                removed.addAll(absorbShadowsNowDeclared(upserted));
            }
        }
        return changes(upserted, removed, documents);
    }

    /**
     * Reconciles the whole inventory with a full listing of the cluster's Ingresses: what they declare is applied,
     * and APIs of Ingresses no longer in the listing (deleted while nobody watched) are removed.
     */
    public synchronized Changes resync(Map<String, List<DeclaredRoute>> routesByIngress, Instant now) {
        List<ApiEndpoint> upserted = new ArrayList<>();
        List<ApiEndpoint> removed = new ArrayList<>();
        List<SpecDocument> documents = new ArrayList<>();
        for (String gone : new ArrayList<>(declaredBy.keySet())) {
            if (!routesByIngress.containsKey(gone)) {
                Changes changes = declare(gone, List.of(), now);
                upserted.addAll(changes.upserted());
                removed.addAll(changes.removed());
            }
        }
        routesByIngress.forEach((ingress, routes) -> {
            Changes changes = declare(ingress, routes, now);
            upserted.addAll(changes.upserted());
            removed.addAll(changes.removed());
            documents.addAll(changes.documents());
        });
        Set<String> removedIds = new HashSet<>();
        removed.forEach(endpoint -> removedIds.add(endpoint.id()));
        documents.removeIf(document -> removedIds.contains(document.apiId()));
        return changes(dedupe(upserted, removed), removed, documents);
    }

    /**
     * Records one observed call: matches it to a declared API (learning its operation) or to a shadow API. Returns
     * the APIs whose announced state changed (a new operation, a new shadow, a zombie called again); plain counter
     * updates only mark the API for the next {@link #drainDirty()}.
     */
    public synchronized Changes observe(String host, String method, String path, Instant at) {
        callsObserved++;
        if (matcherStale) {
            rebuildMatcher();
        }
        String template = PathTemplates.template(path);
        String id = matcher.match(host, path);
        TrackedApi api;
        if (id != null) {
            callsMatched++;
            api = apis.get(id);
            template = declaredTemplate(api, method, path, template);
        } else {
            String shadowHost = host == null ? "*" : host.toLowerCase(Locale.ROOT);
            String shadowId = ApiIds.observed(shadowHost, template);
            api = apis.get(shadowId);
            if (api == null) {
                if (shadowCount >= maxShadowApis) {
                    return Changes.NONE;
                }
                api = new TrackedApi(shadowId, ApiSource.TRAFFIC, at);
                api.host = shadowHost;
                api.path = template;
                api.matchType = MatchType.EXACT;
                api.exposure = Exposure.INTERNAL;
                api.state = ApiState.SHADOW;
                apis.put(shadowId, api);
                shadowCount++;
                matcherStale = true;
                record(api, method, template, at);
                return changes(List.of(api.snapshot()), List.of());
            }
        }
        boolean announced = record(api, method, template, at);
        if (api.state == ApiState.DECLARED || api.state == ApiState.ZOMBIE) {
            api.state = ApiState.ACTIVE;
            announced = true;
        }
        return announced ? changes(List.of(api.snapshot()), List.of()) : Changes.NONE;
    }

    /** Declared APIs nobody called for {@code zombieAfter} become zombies. */
    public synchronized Changes sweepZombies(Instant now, Duration zombieAfter) {
        List<ApiEndpoint> upserted = new ArrayList<>();
        Instant cutoff = now.minus(zombieAfter);
        for (TrackedApi api : apis.values()) {
            if (api.declared() && api.state != ApiState.ZOMBIE) {
                Instant reference = api.lastSeen != null ? api.lastSeen : api.firstSeen;
                if (reference.isBefore(cutoff)) {
                    api.state = ApiState.ZOMBIE;
                    upserted.add(api.snapshot());
                }
            }
        }
        return changes(upserted, List.of());
    }

    /** The APIs whose counters changed since the last drain, to persist without announcing. */
    public synchronized Changes drainDirty() {
        List<ApiEndpoint> dirty = new ArrayList<>();
        for (TrackedApi api : apis.values()) {
            if (api.dirty) {
                api.dirty = false;
                dirty.add(api.snapshot());
            }
        }
        return dirty.isEmpty() ? Changes.NONE : changes(dirty, List.of());
    }

    /** The current state of every API. */
    public synchronized List<ApiEndpoint> all() {
        return apis.values().stream().map(TrackedApi::snapshot).toList();
    }

    /** Figures of the Level 1 evidence: counts per state and the share of calls that matched a declared API. */
    public synchronized Figures figures() {
        Map<ApiState, Long> perState = new EnumMap<>(ApiState.class);
        for (ApiState state : ApiState.values()) {
            perState.put(state, 0L);
        }
        apis.values().forEach(api -> perState.merge(api.state, 1L, Long::sum));
        long withSpec = apis.values().stream()
                .filter(api -> api.spec != null && api.spec.readable())
                .count();
        long specErrors = apis.values().stream()
                .filter(api -> api.spec != null && !api.spec.readable())
                .count();
        return new Figures(apis.size(), perState, callsObserved, callsMatched, withSpec, specErrors);
    }

    /** Level 1 evidence; {@code withSpec} and {@code specErrors} count APIs whose named spec was read, or not. */
    public record Figures(
            int apis,
            Map<ApiState, Long> perState,
            long callsObserved,
            long callsMatched,
            long withSpec,
            long specErrors) {

        /** Share of observed calls that matched a declared API; 1 when no call was observed yet. */
        public double declaredShare() {
            return callsObserved == 0 ? 1.0 : (double) callsMatched / callsObserved;
        }
    }

    private Changes changes(List<ApiEndpoint> upserted, List<ApiEndpoint> removed) {
        return changes(upserted, removed, List.of());
    }

    private Changes changes(List<ApiEndpoint> upserted, List<ApiEndpoint> removed, List<SpecDocument> documents) {
        if (upserted.isEmpty() && removed.isEmpty() && documents.isEmpty()) {
            return Changes.NONE;
        }
        return new Changes(upserted, removed, ++sequence, List.copyOf(documents));
    }

    private boolean record(TrackedApi api, String method, String template, Instant at) {
        api.callCount++;
        Instant seen = at.isBefore(api.firstSeen) ? api.firstSeen : at;
        if (api.lastSeen == null || seen.isAfter(api.lastSeen)) {
            api.lastSeen = seen;
        }
        api.dirty = true;
        String key = TrackedApi.key(method, template);
        ApiEndpoint.Operation operation = api.operations.get(key);
        if (operation != null) {
            api.operations.put(key, operation.called(seen));
            return false;
        }
        long learned = api.operations.values().stream()
                .filter(known -> !known.declared())
                .count();
        if (learned >= maxOperationsPerApi) {
            return false;
        }
        api.operations.put(key, new ApiEndpoint.Operation(method, template, 1, seen));
        return true;
    }

    private boolean applyRoute(TrackedApi api, DeclaredRoute route) {
        boolean changed = !route.host().equals(api.host)
                || !route.path().equals(api.path)
                || route.matchType() != api.matchType
                || !Objects.equals(route.backend(), api.backend)
                || !Objects.equals(route.namespace(), api.namespace)
                || route.exposure() != api.exposure
                || route.tls() != api.tls
                || !route.hints().equals(api.hints);
        api.host = route.host();
        api.path = route.path();
        api.matchType = route.matchType();
        api.backend = route.backend();
        api.namespace = route.namespace();
        api.exposure = route.exposure();
        api.tls = route.tls();
        api.hints = route.hints();
        return changed;
    }

    /**
     * Applies the spec a route names: the spec's summary, its declared operations (keeping the counts traffic gave
     * them), and the document to store. Operations the spec no longer declares stay as traffic ones when they were
     * called, and go when they never were. Returns whether the announced API changed.
     */
    private boolean applySpec(TrackedApi api, SpecLoad load, List<SpecDocument> documents) {
        ApiEndpoint.Spec summary = load == null ? null : load.summary();
        String document = load == null ? null : load.document();
        boolean changed = !Objects.equals(summary, api.spec) || !Objects.equals(declaredKeys(api), specKeys(load));
        if (!Objects.equals(document, api.specDocument) || (api.spec != null && summary == null)) {
            documents.add(
                    new SpecDocument(api.id, summary == null ? api.spec.reference() : summary.reference(), document));
            api.specDocument = document;
        }
        if (!changed) {
            return false;
        }
        api.spec = summary;
        if (load != null && load.readable()) {
            api.source = ApiSource.SPEC;
        } else if (api.source == ApiSource.SPEC) {
            api.source = ApiSource.INGRESS;
        }
        Map<String, ApiEndpoint.Operation> operations = new LinkedHashMap<>();
        List<SpecFacts.OperationFacts> declared =
                load != null && load.readable() ? load.facts().operations() : List.of();
        for (SpecFacts.OperationFacts facts : declared) {
            long calls = 0;
            Instant last = null;
            for (ApiEndpoint.Operation known : api.operations.values()) {
                if (known.method().equals(facts.method())
                        && SpecTemplates.covers(facts.pathTemplate(), known.pathTemplate())) {
                    calls += known.callCount();
                    last = later(last, known.lastSeen());
                }
            }
            operations.put(
                    TrackedApi.key(facts.method(), facts.pathTemplate()),
                    new ApiEndpoint.Operation(
                            facts.method(),
                            facts.pathTemplate(),
                            calls,
                            last,
                            OperationOrigin.SPEC,
                            facts.operationId(),
                            facts.secured(),
                            facts.unboundedInputs(),
                            facts.openWriteBody(),
                            facts.request()));
        }
        for (ApiEndpoint.Operation known : api.operations.values()) {
            boolean covered = declared.stream()
                    .anyMatch(facts -> facts.method().equals(known.method())
                            && SpecTemplates.covers(facts.pathTemplate(), known.pathTemplate()));
            if (!covered && known.callCount() > 0) {
                operations.putIfAbsent(
                        TrackedApi.key(known.method(), known.pathTemplate()),
                        new ApiEndpoint.Operation(
                                known.method(), known.pathTemplate(), known.callCount(), known.lastSeen()));
            }
        }
        api.operations.clear();
        api.operations.putAll(operations);
        return true;
    }

    /**
     * The spec's template for a call to a spec API: the operation of the same method whose template covers the path,
     * else any declared template that covers it (the method is then undeclared, and counted as traffic under the
     * spec's template); {@code learned} when the spec declares nothing that fits.
     */
    private static String declaredTemplate(TrackedApi api, String method, String path, String learned) {
        if (api.spec == null) {
            return learned;
        }
        String pathOnly = null;
        for (ApiEndpoint.Operation operation : api.operations.values()) {
            if (operation.declared() && SpecTemplates.covers(operation.pathTemplate(), path)) {
                if (operation.method().equals(method)) {
                    return operation.pathTemplate();
                }
                if (pathOnly == null) {
                    pathOnly = operation.pathTemplate();
                }
            }
        }
        return pathOnly == null ? learned : pathOnly;
    }

    private static Set<List<Object>> declaredKeys(TrackedApi api) {
        Set<List<Object>> keys = new HashSet<>();
        api.operations.values().stream()
                .filter(ApiEndpoint.Operation::declared)
                .forEach(operation -> keys.add(factsKey(
                        operation.method(),
                        operation.pathTemplate(),
                        operation.operationId(),
                        operation.secured(),
                        operation.unboundedInputs(),
                        operation.openWriteBody(),
                        operation.request())));
        return keys;
    }

    private static Set<List<Object>> specKeys(SpecLoad load) {
        Set<List<Object>> keys = new HashSet<>();
        if (load != null && load.readable()) {
            load.facts()
                    .operations()
                    .forEach(facts -> keys.add(factsKey(
                            facts.method(),
                            facts.pathTemplate(),
                            facts.operationId(),
                            facts.secured(),
                            facts.unboundedInputs(),
                            facts.openWriteBody(),
                            facts.request())));
        }
        return keys;
    }

    /**
     * Everything the inventory announces of a declared operation, to tell whether a spec changed any of it: a new
     * request contract (a schema tightened under the same {@code info.version}) is a change sidecars must get.
     */
    private static List<Object> factsKey(
            String method,
            String template,
            String operationId,
            Boolean secured,
            List<String> unboundedInputs,
            boolean openWriteBody,
            RequestContract request) {
        return Arrays.asList(method, template, operationId, secured, unboundedInputs, openWriteBody, request);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private void rebuildMatcher() {
        RouteMatcher.Builder builder = RouteMatcher.builder();
        apis.values().stream()
                .filter(TrackedApi::declared)
                .forEach(api -> builder.add(api.id, api.host, api.path, api.matchType));
        matcher = builder.build();
        matcherStale = false;
    }

    /** Shadow APIs that a new declaration now covers stop being shadows: their traffic moves to the declared API. */
    private List<ApiEndpoint> absorbShadowsNowDeclared(List<ApiEndpoint> upserted) {
        List<ApiEndpoint> removed = new ArrayList<>();
        for (TrackedApi shadow : new ArrayList<>(apis.values())) {
            if (shadow.state != ApiState.SHADOW) {
                continue;
            }
            String id = matcher.match(shadow.host, shadow.path);
            TrackedApi declared = id == null ? null : apis.get(id);
            if (declared != null) {
                apis.remove(shadow.id);
                shadowCount--;
                shadow.operations.values().forEach(operation -> {
                    declared.operations.putIfAbsent(
                            TrackedApi.key(operation.method(), operation.pathTemplate()), operation);
                });
                declared.callCount += shadow.callCount;
                if (shadow.lastSeen != null
                        && (declared.lastSeen == null || shadow.lastSeen.isAfter(declared.lastSeen))) {
                    declared.lastSeen =
                            shadow.lastSeen.isBefore(declared.firstSeen) ? declared.firstSeen : shadow.lastSeen;
                }
                if (declared.state == ApiState.DECLARED) {
                    declared.state = ApiState.ACTIVE;
                }
                upserted.removeIf(endpoint -> endpoint.id().equals(declared.id));
                upserted.add(declared.snapshot());
                removed.add(shadow.snapshot());
            }
        }
        return removed;
    }

    private static List<ApiEndpoint> dedupe(List<ApiEndpoint> upserted, List<ApiEndpoint> removed) {
        Set<String> removedIds = new HashSet<>();
        removed.forEach(endpoint -> removedIds.add(endpoint.id()));
        Map<String, ApiEndpoint> latest = new LinkedHashMap<>();
        upserted.stream()
                .filter(endpoint -> !removedIds.contains(endpoint.id()))
                .forEach(endpoint -> latest.put(endpoint.id(), endpoint));
        return new ArrayList<>(latest.values());
    }
}
