package io.apiguard.discovery.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Every Ingress shape the discovery must understand, written as operators write them. */
class IngressTranslatorTest {

    private final IngressTranslator translator = new IngressTranslator(Set.of("nginx-internal"));

    @Test
    void severalRulesHostsAndPathTypes() {
        List<DeclaredRoute> routes = translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: bank, namespace: payments}
                spec:
                  ingressClassName: nginx
                  rules:
                    - host: api.bank.example
                      http:
                        paths:
                          - {path: /accounts, pathType: Prefix, backend: {service: {name: accounts, port: {number: 8080}}}}
                          - {path: /accounts/export, pathType: Exact, backend: {service: {name: exports, port: {number: 9000}}}}
                          - {path: /legacy, pathType: ImplementationSpecific, backend: {service: {name: legacy, port: {number: 80}}}}
                    - host: admin.bank.example
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 8080}}}}
                """);

        assertThat(routes)
                .extracting(DeclaredRoute::host, DeclaredRoute::path, DeclaredRoute::matchType, DeclaredRoute::backend)
                .containsExactly(
                        tuple("api.bank.example", "/accounts", MatchType.PREFIX, new Backend("accounts", "8080")),
                        tuple("api.bank.example", "/accounts/export", MatchType.EXACT, new Backend("exports", "9000")),
                        tuple(
                                "api.bank.example",
                                "/legacy",
                                MatchType.IMPLEMENTATION_SPECIFIC,
                                new Backend("legacy", "80")),
                        tuple("admin.bank.example", "/", MatchType.PREFIX, new Backend("admin", "8080")));
        assertThat(routes).allSatisfy(route -> {
            assertThat(route.namespace()).isEqualTo("payments");
            assertThat(route.ingress()).isEqualTo("payments/bank");
            assertThat(route.ingressClass()).isEqualTo("nginx");
            assertThat(route.exposure()).isEqualTo(Exposure.EXTERNAL);
            assertThat(route.tls()).isFalse();
        });
        assertThat(routes)
                .extracting(DeclaredRoute::apiId)
                .doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith("api-"));
    }

    @Test
    void aRuleWithoutHostIsACatchAllAndAPathlessPathIsRoot() {
        List<DeclaredRoute> routes = translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: catch-all, namespace: web}
                spec:
                  rules:
                    - http:
                        paths:
                          - {pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """);

        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.host()).isEqualTo("*");
            assertThat(route.path()).isEqualTo("/");
            assertThat(route.ingressClass()).isNull();
        });
    }

    @Test
    void theDefaultBackendServesEveryHostAndRulesWithoutPaths() {
        List<DeclaredRoute> routes = translate(
                """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: default
                  namespace: web
                  annotations: {kubernetes.io/ingress.class: traefik}
                spec:
                  defaultBackend: {service: {name: fallback, port: {name: http}}}
                  rules:
                    - host: shop.example
                """,
                (namespace, service, port) ->
                        "fallback".equals(service) && "http".equals(port) ? OptionalInt.of(8080) : OptionalInt.empty());

        assertThat(routes)
                .extracting(DeclaredRoute::host, DeclaredRoute::path, DeclaredRoute::matchType, DeclaredRoute::backend)
                .containsExactly(
                        tuple("shop.example", "/", MatchType.PREFIX, new Backend("fallback", "8080")),
                        tuple("*", "/", MatchType.PREFIX, new Backend("fallback", "8080")));
        assertThat(routes).allSatisfy(route -> assertThat(route.ingressClass()).isEqualTo("traefik"));
    }

    @Test
    void tlsBlocksCoverTheirHostsWildcardsAndAllHostsWhenTheyListNone() {
        List<DeclaredRoute> routes = translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: tls, namespace: web}
                spec:
                  tls:
                    - hosts: [secure.example, "*.tenants.example"]
                      secretName: certs
                  rules:
                    - host: secure.example
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 1}}}}]}
                    - host: acme.tenants.example
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: b, port: {number: 1}}}}]}
                    - host: plain.example
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: c, port: {number: 1}}}}]}
                """);

        assertThat(routes)
                .extracting(DeclaredRoute::host, DeclaredRoute::tls)
                .containsExactly(
                        tuple("secure.example", true),
                        tuple("acme.tenants.example", true),
                        tuple("plain.example", false));
        assertThat(IngressTranslator.covered(
                        List.of(new io.fabric8.kubernetes.api.model.networking.v1.IngressTLS(
                                List.of(), "default-cert")),
                        "any.example"))
                .isTrue();
    }

    @Test
    void resourceBackendsAndNamedPortsThatNoServiceResolves() {
        List<DeclaredRoute> routes = translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: assets, namespace: web}
                spec:
                  rules:
                    - host: cdn.example
                      http:
                        paths:
                          - path: /static
                            pathType: Prefix
                            backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}}
                          - path: /api
                            pathType: Prefix
                            backend: {service: {name: api, port: {name: grpc}}}
                """);

        assertThat(routes)
                .extracting(DeclaredRoute::backend)
                .containsExactly(
                        new Backend("k8s.example.com/StorageBucket/static-assets", null), new Backend("api", "grpc"));
    }

    @Test
    void securityAnnotationsBecomeNormalizedHintsAndInternalClassesAreInternal() {
        List<DeclaredRoute> routes = translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: hinted
                  namespace: web
                  annotations:
                    nginx.ingress.kubernetes.io/auth-url: https://auth.example/verify
                    nginx.ingress.kubernetes.io/limit-rps: "20"
                    nginx.ingress.kubernetes.io/enable-cors: "true"
                    nginx.ingress.kubernetes.io/cors-allow-origin: "*"
                    nginx.ingress.kubernetes.io/ssl-redirect: "false"
                    nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8
                spec:
                  ingressClassName: nginx-internal
                  rules:
                    - host: internal.example
                      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 1}}}}]}
                """);

        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.exposure()).isEqualTo(Exposure.INTERNAL);
            assertThat(route.hints())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "auth",
                            "external",
                            "rate-limit",
                            "rps=20",
                            "cors-allow-origin",
                            "*",
                            "cors-allow-credentials",
                            "true",
                            "ssl-redirect",
                            "false",
                            "source-allowlist",
                            "10.0.0.0/8"));
        });
    }

    @Test
    void traefikMiddlewaresAndTlsBecomeHints() {
        assertThat(SecurityHints.of(Map.of(
                        "traefik.ingress.kubernetes.io/router.middlewares",
                                "auth-basicauth@kubernetescrd,web-ratelimit@kubernetescrd",
                        "traefik.ingress.kubernetes.io/router.tls", "true")))
                .containsEntry("auth", "middleware")
                .containsEntry("rate-limit", "middleware")
                .containsEntry("tls", "true");
        assertThat(SecurityHints.of(null)).isEmpty();
    }

    @Test
    void anIngressWithoutSpecDeclaresNothingAndDuplicatePathsCollapse() {
        assertThat(translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: empty, namespace: web}
                """)).isEmpty();
        assertThat(translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: dup, namespace: web}
                spec:
                  rules:
                    - host: a.example
                      http: {paths: [{path: /x, pathType: Prefix, backend: {service: {name: first, port: {number: 1}}}}]}
                    - host: a.example
                      http: {paths: [{path: /x, pathType: Prefix, backend: {service: {name: second, port: {number: 1}}}}]}
                """))
                .singleElement()
                .extracting(DeclaredRoute::backend)
                .isEqualTo(new Backend("first", "1"));
    }

    private List<DeclaredRoute> translate(String yaml) {
        return translate(yaml, ServicePorts.NONE);
    }

    private List<DeclaredRoute> translate(String yaml, ServicePorts ports) {
        return translator.translate(Serialization.unmarshal(yaml, Ingress.class), ports);
    }
}
