package io.apiguard.discovery.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;

/** The mutable state of one inventoried API; only {@link Inventory} touches it, under its lock. */
final class TrackedApi {

    final String id;
    String host;
    String path;
    MatchType matchType;
    Backend backend;
    String namespace;
    final Set<String> sourceIngresses = new LinkedHashSet<>();
    Exposure exposure;
    boolean tls;
    Map<String, String> hints = Map.of();
    /** Where apiguard learned of it; a readable spec makes a declared API's source {@code spec}. */
    ApiSource source;

    ApiState state;
    final Instant firstSeen;
    Instant lastSeen;
    long callCount;
    /** Keyed by {@code METHOD template}, insertion-ordered. */
    final Map<String, ApiEndpoint.Operation> operations = new LinkedHashMap<>();

    /** The spec its declaration names, as last read; null when none is named. */
    ApiEndpoint.Spec spec;
    /** The spec's document, kept to store it again for a new leader; null when none was read here. */
    String specDocument;

    boolean dirty;

    TrackedApi(String id, ApiSource source, Instant firstSeen) {
        this.id = id;
        this.source = source;
        this.firstSeen = firstSeen;
    }

    static TrackedApi of(ApiEndpoint endpoint) {
        TrackedApi api = new TrackedApi(endpoint.id(), endpoint.source(), endpoint.firstSeen());
        api.host = endpoint.host();
        api.path = endpoint.path();
        api.matchType = endpoint.matchType();
        api.backend = endpoint.backend();
        api.namespace = endpoint.namespace();
        api.sourceIngresses.addAll(endpoint.sourceIngresses());
        api.exposure = endpoint.exposure();
        api.tls = endpoint.tls();
        api.hints = endpoint.authHints();
        api.state = endpoint.state();
        api.lastSeen = endpoint.lastSeen();
        api.callCount = endpoint.callCount();
        api.spec = endpoint.spec();
        endpoint.operations()
                .forEach(operation -> api.operations.put(key(operation.method(), operation.pathTemplate()), operation));
        return api;
    }

    boolean declared() {
        return !sourceIngresses.isEmpty();
    }

    ApiEndpoint snapshot() {
        Set<String> methods = new TreeSet<>();
        operations.values().forEach(operation -> methods.add(operation.method()));
        return new ApiEndpoint(
                id,
                host,
                path,
                path,
                matchType,
                new ArrayList<>(methods),
                backend,
                namespace,
                new ArrayList<>(sourceIngresses),
                exposure,
                tls,
                hints,
                source,
                state,
                firstSeen,
                lastSeen,
                callCount,
                List.copyOf(operations.values()),
                spec);
    }

    static String key(String method, String template) {
        return method + ' ' + template;
    }
}
