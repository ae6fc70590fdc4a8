package io.apiguard.common.paths;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.apiguard.common.events.MatchType;

/**
 * Matches a request's host and path to an inventoried route the way Ingress controllers do: the exact host first,
 * then a wildcard host ({@code *.example.com}), then rules for any host; within a host an Exact path wins, else the
 * longest Prefix, compared element by element ({@code /api} matches {@code /api/x} but not {@code /apix}).
 * Implementation-specific paths match as prefixes. Immutable and thread-safe; a lookup costs one hash probe per
 * path element, whatever the number of routes.
 */
public final class RouteMatcher {

    private static final String ANY_HOST = "*";

    private final Map<String, HostRoutes> byHost;
    private final Map<String, HostRoutes> byWildcardSuffix;
    private final HostRoutes anyHost;

    private RouteMatcher(Map<String, HostRoutes> byHost, Map<String, HostRoutes> byWildcardSuffix, HostRoutes anyHost) {
        this.byHost = byHost;
        this.byWildcardSuffix = byWildcardSuffix;
        this.anyHost = anyHost;
    }

    /** A matcher with no routes: nothing matches. */
    public static RouteMatcher empty() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The id of the route serving {@code host} (port allowed) and {@code path}, or null when none does. */
    public String match(String host, String path) {
        String normalizedPath = path == null || path.isEmpty() ? "/" : path;
        String normalizedHost = normalizeHost(host);
        if (normalizedHost != null) {
            String id = lookup(byHost.get(normalizedHost), normalizedPath);
            if (id != null) {
                return id;
            }
            int dot = normalizedHost.indexOf('.');
            if (dot > 0) {
                id = lookup(byWildcardSuffix.get(normalizedHost.substring(dot)), normalizedPath);
                if (id != null) {
                    return id;
                }
            }
        }
        return lookup(anyHost, normalizedPath);
    }

    private static String lookup(HostRoutes routes, String path) {
        if (routes == null) {
            return null;
        }
        String id = routes.exact.get(path);
        if (id != null || routes.prefix.isEmpty()) {
            return id;
        }
        // Longest prefix first: the whole path, then each shorter run of elements, down to the root ("").
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        while (true) {
            id = routes.prefix.get(path.substring(0, end));
            if (id != null || end == 0) {
                return id;
            }
            end = path.lastIndexOf('/', end - 1);
            if (end < 0) {
                return routes.prefix.get("");
            }
        }
    }

    static String normalizeHost(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        // A port, not the end of an IPv6 literal such as [::1].
        String withoutPort = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
        return withoutPort.toLowerCase(Locale.ROOT);
    }

    /** Collects routes; the first route added for a host, path and match type wins. */
    public static final class Builder {

        private final Map<String, HostRoutes> byHost = new HashMap<>();
        private final Map<String, HostRoutes> byWildcardSuffix = new HashMap<>();
        private final HostRoutes anyHost = new HostRoutes();

        private Builder() {}

        public Builder add(String id, String host, String path, MatchType matchType) {
            HostRoutes routes;
            if (host == null || host.equals(ANY_HOST)) {
                routes = anyHost;
            } else if (host.startsWith("*.")) {
                routes = byWildcardSuffix.computeIfAbsent(
                        host.substring(1).toLowerCase(Locale.ROOT), h -> new HostRoutes());
            } else {
                routes = byHost.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new HostRoutes());
            }
            String declared = path == null || path.isEmpty() ? "/" : path;
            if (matchType == MatchType.EXACT) {
                routes.exact.putIfAbsent(declared, id);
            } else {
                routes.prefix.putIfAbsent(trimTrailingSlashes(declared), id);
            }
            return this;
        }

        public RouteMatcher build() {
            return new RouteMatcher(Map.copyOf(byHost), Map.copyOf(byWildcardSuffix), anyHost);
        }

        private static String trimTrailingSlashes(String path) {
            int end = path.length();
            while (end > 0 && path.charAt(end - 1) == '/') {
                end--;
            }
            return path.substring(0, end);
        }
    }

    private static final class HostRoutes {
        private final Map<String, String> exact = new HashMap<>();
        private final Map<String, String> prefix = new HashMap<>();
    }
}
