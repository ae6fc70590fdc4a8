package io.apiguard.discovery.ingress;

import java.util.Map;

import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.discovery.spec.SpecLoad;

/**
 * One route an Ingress declares.
 *
 * @param host         request host; {@code *} for rules without a host and for the default backend
 * @param path         the path as declared ({@code /} when absent)
 * @param matchType    Kubernetes {@code pathType}; absent means implementation-specific
 * @param backend      the Service and port (or resource) it routes to
 * @param namespace    the Ingress's namespace
 * @param ingress      {@code namespace/name} of the Ingress
 * @param ingressClass {@code spec.ingressClassName} or the legacy class annotation; null when neither is set
 * @param tls          whether a TLS block covers the host
 * @param exposure     external, unless the Ingress class is configured as internal
 * @param hints        normalized security hints from the controller's annotations
 * @param spec         the OpenAPI document its annotations name, read or in error; null when none is named
 */
public record DeclaredRoute(
        String host,
        String path,
        MatchType matchType,
        Backend backend,
        String namespace,
        String ingress,
        String ingressClass,
        boolean tls,
        Exposure exposure,
        Map<String, String> hints,
        SpecLoad spec) {

    public DeclaredRoute {
        hints = Map.copyOf(hints);
    }

    /** A route without a spec, as the translator reads it from the Ingress alone. */
    public DeclaredRoute(
            String host,
            String path,
            MatchType matchType,
            Backend backend,
            String namespace,
            String ingress,
            String ingressClass,
            boolean tls,
            Exposure exposure,
            Map<String, String> hints) {
        this(host, path, matchType, backend, namespace, ingress, ingressClass, tls, exposure, hints, null);
    }

    /** This route with the spec its annotations name. */
    public DeclaredRoute withSpec(SpecLoad load) {
        return new DeclaredRoute(
                host, path, matchType, backend, namespace, ingress, ingressClass, tls, exposure, hints, load);
    }

    /** The inventory id of this route: every Ingress declaring the same host, path and match type shares it. */
    public String apiId() {
        return ApiIds.declared(host, path, matchType);
    }
}
