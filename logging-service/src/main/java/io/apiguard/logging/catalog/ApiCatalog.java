package io.apiguard.logging.catalog;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.common.paths.RouteMatcher;

/**
 * The inventory from {@code apiguard.inventory}: maps a call to its API id and the path template the inventory knows
 * for it (a declared or learned operation such as {@code /users/{userId}}), falling back to the generic templating.
 * Changes arrive in bursts (thousands at discovery's start), so the lookup structure is rebuilt lazily, once per
 * burst, on the first lookup after a change.
 */
@ApplicationScoped
public class ApiCatalog {

    private final Map<String, ApiEndpoint> apis = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile boolean stale;

    /** Applies one inventory change. */
    public void apply(InventoryChange change) {
        ApiEndpoint endpoint = change.endpoint();
        if (change.changeKind() == ChangeKind.REMOVED) {
            apis.remove(endpoint.id());
        } else {
            apis.put(endpoint.id(), endpoint);
        }
        stale = true;
    }

    /** The API and template of a call; the API id is null when no inventoried API serves it. */
    public Match match(String host, String method, String path) {
        Snapshot current = current();
        String apiId = current.routes.match(host, path);
        if (apiId != null) {
            List<String> templates = current.templates.get(apiId + ' ' + method.toUpperCase(Locale.ROOT));
            if (templates != null) {
                for (String template : templates) {
                    if (PathTemplates.fits(template, path)) {
                        return new Match(apiId, template);
                    }
                }
            }
        }
        return new Match(apiId, PathTemplates.template(path));
    }

    /** Ids of the APIs that are meant to be in use: every inventoried API except zombies. */
    public Set<String> liveApiIds() {
        return current().live;
    }

    /** Number of inventoried APIs. */
    public int size() {
        return apis.size();
    }

    /** The API a call belongs to ({@code null} when none) and its path template. */
    public record Match(String apiId, String pathTemplate) {}

    private Snapshot current() {
        if (stale) {
            synchronized (this) {
                if (stale) {
                    stale = false;
                    snapshot = Snapshot.of(apis.values());
                }
            }
        }
        return snapshot;
    }

    private record Snapshot(RouteMatcher routes, Map<String, List<String>> templates, Set<String> live) {

        static final Snapshot EMPTY = new Snapshot(RouteMatcher.empty(), Map.of(), Set.of());

        static Snapshot of(Iterable<ApiEndpoint> endpoints) {
            RouteMatcher.Builder routes = RouteMatcher.builder();
            Map<String, List<String>> templates = new HashMap<>();
            Set<String> live = new HashSet<>();
            for (ApiEndpoint endpoint : endpoints) {
                routes.add(endpoint.id(), endpoint.host(), endpoint.path(), endpoint.matchType());
                for (ApiEndpoint.Operation operation : endpoint.operations()) {
                    templates
                            .computeIfAbsent(
                                    endpoint.id() + ' ' + operation.method().toUpperCase(Locale.ROOT),
                                    key -> new java.util.ArrayList<>())
                            .add(operation.pathTemplate());
                }
                if (endpoint.state() != ApiState.ZOMBIE) {
                    live.add(endpoint.id());
                }
            }
            return new Snapshot(routes.build(), Map.copyOf(templates), Set.copyOf(live));
        }
    }
}
