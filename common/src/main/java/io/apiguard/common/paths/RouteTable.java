package io.apiguard.common.paths;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.common.events.MatchType;

/**
 * Maps a call (host, method, path) to the inventoried API that serves it and the operation template it is: the API by
 * {@link RouteMatcher} (exact host, then wildcard, then any host; Exact path, then the longest Prefix), the template
 * among those known of that API for the method. Declared templates are preferred to learned ones; among either, the
 * most specific matching one wins: at the first segment where two differ, a literal beats a {@code {name}}
 * ({@code /accounts/me} before {@code /accounts/{accountId}}); at equal specificity, a template for the call's method
 * beats one for any method.
 *
 * <p>Built once per rule set, immutable and thread-safe. A lookup is the route matcher's probes, one hash probe for the
 * method, and a scan of the templates of the API with as many segments as the path, compared in place; it allocates
 * nothing beyond what {@link RouteMatcher} does, and returns pre-built {@link Resolved} values.
 *
 * <p>A declared template may carry its spec operation's name and a handle: an index the builder's caller chose into a
 * table of its own (the sidecar's compiled request validators), so what a call needs of its operation is one array
 * read away, with no map built or probed per call.
 */
public final class RouteTable {

    /** What a call that no route serves resolves to: no api id, no template. */
    public static final Resolved NO_ROUTE = new Resolved(null, null, false);

    /** The {@link Resolved#handle()} of a call no template with a handle fits. */
    public static final int NO_HANDLE = -1;

    private static final RouteTable EMPTY = new Builder().build();
    private static final Template[] NO_TEMPLATES = new Template[0];

    private final RouteMatcher matcher;
    private final Map<String, Api> apis;

    private RouteTable(RouteMatcher matcher, Map<String, Api> apis) {
        this.matcher = matcher;
        this.apis = apis;
    }

    /** A table with no routes: every call resolves to {@link #NO_ROUTE}. */
    public static RouteTable empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of APIs in the table. */
    public int size() {
        return apis.size();
    }

    /**
     * The API and template of a call; never null.
     *
     * @param host   the Host header (a port is allowed); null matches routes for any host only
     * @param method the HTTP method, upper-case
     * @param path   the request path as received, without the query
     */
    public Resolved resolve(String host, String method, String path) {
        if (apis.isEmpty()) {
            return NO_ROUTE;
        }
        String apiId = matcher.match(host, path);
        if (apiId == null) {
            return NO_ROUTE;
        }
        Api api = apis.get(apiId);
        String normalizedPath = path == null || path.isEmpty() ? "/" : path;
        int segments = segments(normalizedPath);
        Template[][] bySegments = method == null ? null : api.byMethod.get(method);
        if (bySegments == null) {
            bySegments = api.anyMethod;
        }
        if (segments < bySegments.length) {
            for (Template template : bySegments[segments]) {
                if (PathTemplates.fits(template.text, normalizedPath)) {
                    return template.resolved;
                }
            }
        }
        return api.withoutTemplate;
    }

    /** Segments of a path (or template) starting with {@code /}: its number of slashes. */
    static int segments(String path) {
        int count = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    /**
     * Where a call belongs.
     *
     * @param apiId     the inventoried API; null when no route serves the call
     * @param template  the operation template it matched; null when none of the API's templates fits
     * @param declared  whether {@code template} is declared (a spec, the declared path) rather than learned
     * @param operation the spec's name of the matched declared operation; null when none was given
     * @param handle    the caller's index for the matched template ({@link Builder#template(String, String, String,
     *                  String, int)}); {@link #NO_HANDLE} when none
     */
    public record Resolved(String apiId, String template, boolean declared, String operation, int handle) {

        /** A call's place without an operation name or handle. */
        public Resolved(String apiId, String template, boolean declared) {
            this(apiId, template, declared, null, NO_HANDLE);
        }
    }

    /** Collects routes and their templates; the first route added for a host, path and match type wins. */
    public static final class Builder {

        private final RouteMatcher.Builder matcher = RouteMatcher.builder();
        private final Map<String, List<Template>> templates = new HashMap<>();

        private Builder() {}

        /** Adds the route of API {@code apiId}. */
        public Builder route(String apiId, String host, String path, MatchType matchType) {
            matcher.add(apiId, host, path, matchType);
            templates.computeIfAbsent(apiId, id -> new ArrayList<>());
            return this;
        }

        /**
         * Adds a template of API {@code apiId} (added with {@link #route}; templates of unknown APIs are never used).
         *
         * @param method   upper-case method; null for any
         * @param declared declared (preferred) or learned
         */
        public Builder template(String apiId, String method, String template, boolean declared) {
            return add(apiId, method, template, new Resolved(apiId, template, declared));
        }

        /**
         * Adds a declared template of API {@code apiId} with its spec operation's name and the caller's handle for it,
         * which every call it matches resolves to.
         *
         * @param method    upper-case method; null for any
         * @param operation the spec's name of the operation; may be null
         * @param handle    the caller's index for it (zero or more), or {@link #NO_HANDLE}
         */
        public Builder template(String apiId, String method, String template, String operation, int handle) {
            return add(apiId, method, template, new Resolved(apiId, template, true, operation, handle));
        }

        private Builder add(String apiId, String method, String template, Resolved resolved) {
            if (template != null && template.startsWith("/")) {
                templates.computeIfAbsent(apiId, id -> new ArrayList<>()).add(new Template(template, method, resolved));
            }
            return this;
        }

        public RouteTable build() {
            Map<String, Api> apis = new HashMap<>(Math.max(16, templates.size() * 2));
            templates.forEach((apiId, list) -> apis.put(apiId, Api.of(apiId, list)));
            return new RouteTable(matcher.build(), apis);
        }
    }

    private record Template(String text, String method, Resolved resolved) {

        /** Declared first, then most specific, then a named method before any method. */
        static final Comparator<Template> PREFERENCE = Comparator.comparing(
                        (Template template) -> !template.resolved.declared())
                .thenComparing((a, b) -> specificity(a.text, b.text))
                .thenComparing(template -> template.method == null);

        /** Negative when {@code a} is more specific: at the first segment where they differ, a literal beats a name. */
        private static int specificity(String a, String b) {
            String[] left = a.split("/", -1);
            String[] right = b.split("/", -1);
            for (int i = 0; i < Math.min(left.length, right.length); i++) {
                boolean leftVariable = left[i].startsWith("{");
                boolean rightVariable = right[i].startsWith("{");
                if (leftVariable != rightVariable) {
                    return leftVariable ? 1 : -1;
                }
            }
            return 0;
        }
    }

    /** One API's templates, by method then by segment count, each list in order of preference. */
    private record Api(Map<String, Template[][]> byMethod, Template[][] anyMethod, Resolved withoutTemplate) {

        static Api of(String apiId, List<Template> templates) {
            List<Template> any = templates.stream()
                    .filter(template -> template.method == null)
                    .toList();
            Map<String, Template[][]> byMethod = new HashMap<>();
            for (Template template : templates) {
                if (template.method != null && !byMethod.containsKey(template.method)) {
                    List<Template> forMethod = new ArrayList<>(any);
                    templates.stream()
                            .filter(other -> template.method.equals(other.method))
                            .forEach(forMethod::add);
                    byMethod.put(template.method, bySegments(forMethod));
                }
            }
            return new Api(Map.copyOf(byMethod), bySegments(any), new Resolved(apiId, null, false));
        }

        private static Template[][] bySegments(List<Template> templates) {
            int most = -1;
            for (Template template : templates) {
                most = Math.max(most, segments(template.text));
            }
            Template[][] bySegments = new Template[most + 1][];
            Arrays.fill(bySegments, NO_TEMPLATES);
            for (int count = 0; count <= most; count++) {
                int segments = count;
                bySegments[count] = templates.stream()
                        .filter(template -> segments(template.text) == segments)
                        .sorted(Template.PREFERENCE)
                        .toArray(Template[]::new);
            }
            return bySegments;
        }
    }
}
