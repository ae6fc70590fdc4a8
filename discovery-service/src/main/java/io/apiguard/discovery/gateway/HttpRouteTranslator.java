package io.apiguard.discovery.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.apiguard.discovery.ingress.IngressTranslator;
import io.apiguard.discovery.ingress.SecurityHints;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;

/**
 * Translates a Gateway API {@code HTTPRoute} ({@code gateway.networking.k8s.io/v1}) into the routes it declares, one per
 * distinct host, path and match type, in declaration order, the first declaration winning as with Ingresses. Pure: the
 * same route and Gateways always give the same routes.
 *
 * <ul>
 *   <li>Hosts: the route's {@code hostnames}; none means the hostnames of the listeners it attaches to, and a listener
 *       without one (or no listener known) means every host ({@code *}).
 *   <li>Paths: each match's path ({@code PathPrefix}, the default, {@code Exact}, or {@code RegularExpression}, which
 *       is implementation-specific); a rule without matches matches every path ({@code PathPrefix /}). Method, header
 *       and query matches narrow a route but do not make another API, so they are not routes of their own.
 *   <li>Backend: the rule's first Service backend (by weight, the heaviest), with its port.
 *   <li>TLS: whether a listener it attaches to terminates TLS ({@code HTTPS}) for the host.
 *   <li>Exposure: internal when every Gateway it attaches to is of a class configured as internal, or when it attaches
 *       only to Services (a mesh route, east-west) or to nothing (no Gateway serves it); otherwise external, also when a
 *       named Gateway is not known, since it may well be internet-facing.
 * </ul>
 */
public final class HttpRouteTranslator {

    /** What a route's source key starts with, so an HTTPRoute never shares a key with an Ingress of the same name. */
    public static final String KEY_PREFIX = "httproute:";

    private static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
    private static final String GATEWAY = "Gateway";
    private static final String SERVICE = "Service";

    private final Set<String> internalClasses;

    /** @param internalClasses Gateway classes that only serve traffic from inside the cluster or a private network */
    public HttpRouteTranslator(Set<String> internalClasses) {
        this.internalClasses = Set.copyOf(internalClasses);
    }

    /** The source key of {@code route}: {@code httproute:<namespace>/<name>}. */
    public static String key(HTTPRoute route) {
        return KEY_PREFIX + namespace(route) + "/" + route.getMetadata().getName();
    }

    /** The routes {@code route} declares, judged against the Gateways it attaches to. */
    public List<DeclaredRoute> translate(HTTPRoute route, Gateways gateways) {
        if (route.getSpec() == null) {
            return List.of();
        }
        String namespace = namespace(route);
        String key = key(route);
        List<Attachment> attachments = attachments(route, namespace, gateways);
        Exposure exposure = exposure(attachments);
        String gatewayClass = attachments.stream()
                .map(Attachment::gatewayClass)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        Map<String, String> hints = SecurityHints.of(route.getMetadata().getAnnotations());

        Map<String, DeclaredRoute> routes = new LinkedHashMap<>();
        for (String host : hosts(route, attachments)) {
            boolean tls = tls(attachments, host);
            for (HTTPRouteRule rule : list(route.getSpec().getRules())) {
                Backend backend = backend(rule);
                List<HTTPRouteMatch> matches = list(rule.getMatches());
                if (matches.isEmpty()) {
                    add(
                            routes,
                            route(
                                    host,
                                    "/",
                                    MatchType.PREFIX,
                                    backend,
                                    namespace,
                                    key,
                                    gatewayClass,
                                    tls,
                                    exposure,
                                    hints));
                }
                for (HTTPRouteMatch match : matches) {
                    HTTPPathMatch path = match.getPath();
                    String value = path == null
                                    || path.getValue() == null
                                    || path.getValue().isEmpty()
                            ? "/"
                            : path.getValue();
                    add(
                            routes,
                            route(
                                    host,
                                    value,
                                    matchType(path == null ? null : path.getType()),
                                    backend,
                                    namespace,
                                    key,
                                    gatewayClass,
                                    tls,
                                    exposure,
                                    hints));
                }
            }
        }
        return new ArrayList<>(routes.values());
    }

    private static DeclaredRoute route(
            String host,
            String path,
            MatchType matchType,
            Backend backend,
            String namespace,
            String key,
            String gatewayClass,
            boolean tls,
            Exposure exposure,
            Map<String, String> hints) {
        return new DeclaredRoute(host, path, matchType, backend, namespace, key, gatewayClass, tls, exposure, hints);
    }

    private static void add(Map<String, DeclaredRoute> routes, DeclaredRoute route) {
        routes.putIfAbsent(route.apiId(), route);
    }

    static MatchType matchType(String type) {
        if (type == null || "PathPrefix".equals(type)) {
            return MatchType.PREFIX;
        }
        if ("Exact".equals(type)) {
            return MatchType.EXACT;
        }
        return MatchType.IMPLEMENTATION_SPECIFIC;
    }

    /** One parent of the route: a Gateway (known or not, with the listeners the route may use) or a Service. */
    private record Attachment(boolean gateway, boolean known, String gatewayClass, List<Listener> listeners) {}

    private static List<Attachment> attachments(HTTPRoute route, String namespace, Gateways gateways) {
        List<Attachment> attachments = new ArrayList<>();
        for (ParentReference parent : list(route.getSpec().getParentRefs())) {
            String kind = parent.getKind() == null ? GATEWAY : parent.getKind();
            String group = parent.getGroup() == null ? GATEWAY_GROUP : parent.getGroup();
            if (SERVICE.equals(kind) && (group.isEmpty() || "core".equals(group))) {
                attachments.add(new Attachment(false, true, null, List.of()));
                continue;
            }
            if (!GATEWAY.equals(kind) || !GATEWAY_GROUP.equals(group) || parent.getName() == null) {
                continue;
            }
            Gateway gateway =
                    gateways.find(parent.getNamespace() == null ? namespace : parent.getNamespace(), parent.getName());
            if (gateway == null || gateway.getSpec() == null) {
                attachments.add(new Attachment(true, false, null, List.of()));
                continue;
            }
            List<Listener> listeners = list(gateway.getSpec().getListeners()).stream()
                    .filter(listener -> parent.getSectionName() == null
                            || parent.getSectionName().equals(listener.getName()))
                    .filter(listener ->
                            parent.getPort() == null || parent.getPort().equals(listener.getPort()))
                    .toList();
            attachments.add(new Attachment(true, true, gateway.getSpec().getGatewayClassName(), listeners));
        }
        return attachments;
    }

    private Exposure exposure(List<Attachment> attachments) {
        for (Attachment attachment : attachments) {
            if (attachment.gateway()
                    && (!attachment.known()
                            || attachment.gatewayClass() == null
                            || !internalClasses.contains(attachment.gatewayClass()))) {
                return Exposure.EXTERNAL;
            }
        }
        return Exposure.INTERNAL;
    }

    private static List<String> hosts(HTTPRoute route, List<Attachment> attachments) {
        List<String> hostnames = list(route.getSpec().getHostnames()).stream()
                .filter(host -> host != null && !host.isBlank())
                .distinct()
                .toList();
        if (!hostnames.isEmpty()) {
            return hostnames;
        }
        List<String> fromListeners = new ArrayList<>();
        for (Attachment attachment : attachments) {
            for (Listener listener : attachment.listeners()) {
                String host = listener.getHostname();
                if (host == null || host.isBlank()) {
                    return List.of(IngressTranslator.ANY_HOST);
                }
                if (!fromListeners.contains(host)) {
                    fromListeners.add(host);
                }
            }
        }
        return fromListeners.isEmpty() ? List.of(IngressTranslator.ANY_HOST) : fromListeners;
    }

    /** Whether a listener the route attaches to terminates TLS for {@code host}. */
    private static boolean tls(List<Attachment> attachments, String host) {
        for (Attachment attachment : attachments) {
            for (Listener listener : attachment.listeners()) {
                if ("HTTPS".equals(listener.getProtocol()) && covers(listener.getHostname(), host)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean covers(String listenerHost, String host) {
        if (listenerHost == null || listenerHost.isBlank() || listenerHost.equals(host)) {
            return true;
        }
        if (!listenerHost.startsWith("*.") || host.equals(IngressTranslator.ANY_HOST)) {
            return false;
        }
        // a wildcard covers one or more labels in front of its suffix (Gateway API, unlike TLS certificates)
        return host.endsWith(listenerHost.substring(1)) && host.length() > listenerHost.length() - 1;
    }

    /** The rule's Service backend that takes the most traffic (the first of equal weights); null when none. */
    private static Backend backend(HTTPRouteRule rule) {
        HTTPBackendRef chosen = null;
        for (HTTPBackendRef ref : list(rule.getBackendRefs())) {
            boolean service = (ref.getKind() == null || SERVICE.equals(ref.getKind()))
                    && (ref.getGroup() == null || ref.getGroup().isEmpty());
            if (service && ref.getName() != null && (chosen == null || weight(ref) > weight(chosen))) {
                chosen = ref;
            }
        }
        if (chosen == null) {
            return null;
        }
        return new Backend(chosen.getName(), chosen.getPort() == null ? null : String.valueOf(chosen.getPort()));
    }

    private static int weight(HTTPBackendRef ref) {
        return ref.getWeight() == null ? 1 : ref.getWeight();
    }

    private static String namespace(HTTPRoute route) {
        return Objects.requireNonNullElse(route.getMetadata().getNamespace(), "default");
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
