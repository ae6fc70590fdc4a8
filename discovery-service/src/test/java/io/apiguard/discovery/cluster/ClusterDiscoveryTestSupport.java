package io.apiguard.discovery.cluster;

import java.util.Map;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Ingresses for the discovery tests. */
public final class ClusterDiscoveryTestSupport {

    private ClusterDiscoveryTestSupport() {}

    /** An nginx Ingress routing {@code host} and each Prefix path to Service {@code <name>-api:8080}. */
    public static Ingress ingress(String name, String host, String... paths) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: %s}
                spec:
                  ingressClassName: nginx
                  rules:
                    - host: %s
                      http:
                        paths:
                """.formatted(name, host));
        for (String path : paths) {
            yaml.append("          - {path: ")
                    .append(path)
                    .append(", pathType: Prefix, backend: {service: {name: ")
                    .append(name)
                    .append("-api, port: {number: 8080}}}}\n");
        }
        return Serialization.unmarshal(yaml.toString(), Ingress.class);
    }

    /** {@link #ingress} with one path whose {@code apiguard.io/openapi} annotation names {@code spec} (none when null). */
    public static Ingress annotated(String name, String host, String path, String spec) {
        Ingress ingress = ingress(name, host, path);
        if (spec != null) {
            ingress.getMetadata().setAnnotations(Map.of("apiguard.io/openapi", spec));
        }
        return ingress;
    }
}
