package io.apiguard.discovery.ingress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

/**
 * Translates a {@code networking.k8s.io/v1} Ingress into the routes it declares. Pure: the same Ingress and Services
 * always give the same routes, in declaration order, one per distinct host, path and match type.
 */
public final class IngressTranslator {

    /** The legacy annotation that named the Ingress class before {@code spec.ingressClassName}. */
    public static final String LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    /** Host of rules without one and of the default backend: every host. */
    public static final String ANY_HOST = "*";

    private final Set<String> internalClasses;

    /** @param internalClasses Ingress classes that only serve traffic from inside the cluster or a private network */
    public IngressTranslator(Set<String> internalClasses) {
        this.internalClasses = Set.copyOf(internalClasses);
    }

    /** The routes {@code ingress} declares, with named Service ports resolved through {@code ports} where possible. */
    public List<DeclaredRoute> translate(Ingress ingress, ServicePorts ports) {
        IngressSpec spec = ingress.getSpec();
        if (spec == null) {
            return List.of();
        }
        String namespace = Objects.requireNonNullElse(ingress.getMetadata().getNamespace(), "default");
        String key = namespace + "/" + ingress.getMetadata().getName();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        String ingressClass = spec.getIngressClassName() != null
                ? spec.getIngressClassName()
                : annotations == null ? null : annotations.get(LEGACY_CLASS_ANNOTATION);
        Exposure exposure =
                ingressClass != null && internalClasses.contains(ingressClass) ? Exposure.INTERNAL : Exposure.EXTERNAL;
        Map<String, String> hints = SecurityHints.of(annotations);
        List<IngressTLS> tls = spec.getTls() == null ? List.of() : spec.getTls();

        Map<String, DeclaredRoute> routes = new LinkedHashMap<>();
        for (IngressRule rule : spec.getRules() == null ? List.<IngressRule>of() : spec.getRules()) {
            String host = rule.getHost() == null || rule.getHost().isBlank() ? ANY_HOST : rule.getHost();
            if (rule.getHttp() == null
                    || rule.getHttp().getPaths() == null
                    || rule.getHttp().getPaths().isEmpty()) {
                // A rule without paths sends all of its host to the default backend.
                if (spec.getDefaultBackend() != null) {
                    add(
                            routes,
                            new DeclaredRoute(
                                    host,
                                    "/",
                                    MatchType.PREFIX,
                                    backend(spec.getDefaultBackend(), namespace, ports),
                                    namespace,
                                    key,
                                    ingressClass,
                                    covered(tls, host),
                                    exposure,
                                    hints));
                }
                continue;
            }
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                add(
                        routes,
                        new DeclaredRoute(
                                host,
                                path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath(),
                                matchType(path.getPathType()),
                                backend(path.getBackend(), namespace, ports),
                                namespace,
                                key,
                                ingressClass,
                                covered(tls, host),
                                exposure,
                                hints));
            }
        }
        if (spec.getDefaultBackend() != null) {
            add(
                    routes,
                    new DeclaredRoute(
                            ANY_HOST,
                            "/",
                            MatchType.PREFIX,
                            backend(spec.getDefaultBackend(), namespace, ports),
                            namespace,
                            key,
                            ingressClass,
                            covered(tls, ANY_HOST),
                            exposure,
                            hints));
        }
        return new ArrayList<>(routes.values());
    }

    private static void add(Map<String, DeclaredRoute> routes, DeclaredRoute route) {
        // The first declaration wins, as in the controllers: a later duplicate path never reroutes traffic.
        routes.putIfAbsent(route.apiId(), route);
    }

    static MatchType matchType(String pathType) {
        if ("Exact".equals(pathType)) {
            return MatchType.EXACT;
        }
        if ("Prefix".equals(pathType)) {
            return MatchType.PREFIX;
        }
        return MatchType.IMPLEMENTATION_SPECIFIC;
    }

    /** Whether a TLS block covers {@code host}: listed exactly, by a wildcard, or by a block that lists no host. */
    static boolean covered(List<IngressTLS> tls, String host) {
        for (IngressTLS block : tls) {
            if (block.getHosts() == null || block.getHosts().isEmpty()) {
                return true;
            }
            for (String tlsHost : block.getHosts()) {
                if (tlsHost.equals(host) || wildcardCovers(tlsHost, host)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean wildcardCovers(String pattern, String host) {
        if (!pattern.startsWith("*.") || host.equals(ANY_HOST)) {
            return false;
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }

    private static Backend backend(IngressBackend backend, String namespace, ServicePorts ports) {
        if (backend == null) {
            return null;
        }
        IngressServiceBackend service = backend.getService();
        if (service != null) {
            String port = null;
            if (service.getPort() != null) {
                if (service.getPort().getNumber() != null) {
                    port = String.valueOf(service.getPort().getNumber());
                } else if (service.getPort().getName() != null) {
                    OptionalInt number = ports.resolve(
                            namespace, service.getName(), service.getPort().getName());
                    port = number.isPresent()
                            ? String.valueOf(number.getAsInt())
                            : service.getPort().getName();
                }
            }
            return new Backend(service.getName(), port);
        }
        TypedLocalObjectReference resource = backend.getResource();
        if (resource != null) {
            String group =
                    resource.getApiGroup() == null || resource.getApiGroup().isEmpty()
                            ? ""
                            : resource.getApiGroup() + "/";
            return new Backend(group + resource.getKind() + "/" + resource.getName(), null);
        }
        return null;
    }
}
