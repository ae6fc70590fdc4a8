package io.apiguard.discovery.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.discovery.ingress.ApiIds;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.Serialization;

/** HTTPRoutes as platform teams write them, against the Gateways they attach to. */
class HttpRouteTranslatorTest {

    private static final String PUBLIC_GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: public, namespace: infra}
            spec:
              gatewayClassName: envoy
              listeners:
                - {name: https, protocol: HTTPS, port: 443, hostname: "*.bank.example"}
                - {name: http, protocol: HTTP, port: 80}
            """;
    private static final String INTERNAL_GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: internal, namespace: infra}
            spec:
              gatewayClassName: envoy-internal
              listeners:
                - {name: http, protocol: HTTP, port: 80, hostname: payments.internal}
            """;

    private final HttpRouteTranslator translator = new HttpRouteTranslator(Set.of("envoy-internal"));
    private final Gateways gateways = gateways(PUBLIC_GATEWAY, INTERNAL_GATEWAY);

    @Test
    void everyHostnameMatchAndPathTypeIsARouteToItsHeaviestServiceBackend() {
        // Given
        HTTPRoute route = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: accounts, namespace: payments}
                spec:
                  parentRefs: [{name: public, namespace: infra, sectionName: https}]
                  hostnames: [api.bank.example]
                  rules:
                    - matches:
                        - path: {type: PathPrefix, value: /accounts}
                        - path: {type: Exact, value: /accounts/export}
                          method: GET
                      backendRefs:
                        - {name: accounts-v1, port: 8080, weight: 10}
                        - {name: accounts-v2, port: 8080, weight: 90}
                    - matches: [{path: {type: RegularExpression, value: "/legacy/.*"}}]
                      backendRefs: [{name: legacy, port: 80}]
                """);

        // When
        List<DeclaredRoute> routes = translator.translate(route, gateways);

        // Then
        assertThat(routes)
                .extracting(DeclaredRoute::host, DeclaredRoute::path, DeclaredRoute::matchType, DeclaredRoute::backend)
                .containsExactly(
                        tuple("api.bank.example", "/accounts", MatchType.PREFIX, new Backend("accounts-v2", "8080")),
                        tuple(
                                "api.bank.example",
                                "/accounts/export",
                                MatchType.EXACT,
                                new Backend("accounts-v2", "8080")),
                        tuple(
                                "api.bank.example",
                                "/legacy/.*",
                                MatchType.IMPLEMENTATION_SPECIFIC,
                                new Backend("legacy", "80")));
        assertThat(routes).allSatisfy(declared -> {
            assertThat(declared.ingress()).isEqualTo("httproute:payments/accounts");
            assertThat(declared.namespace()).isEqualTo("payments");
            assertThat(declared.ingressClass()).isEqualTo("envoy");
            assertThat(declared.tls())
                    .as("the https listener's wildcard covers the host")
                    .isTrue();
            assertThat(declared.exposure()).isEqualTo(Exposure.EXTERNAL);
        });
        assertThat(routes.get(0).apiId())
                .as("the same API as an Ingress declaring that host and path")
                .isEqualTo(ApiIds.declared("api.bank.example", "/accounts", MatchType.PREFIX));
    }

    @Test
    void aRouteWithoutHostnamesOrMatchesTakesItsListenersHostsAndEveryPath() {
        // Given
        HTTPRoute route = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: ledger, namespace: payments}
                spec:
                  parentRefs: [{name: internal, namespace: infra}]
                  rules: [{backendRefs: [{name: ledger, port: 8080}]}]
                """);

        // When
        List<DeclaredRoute> routes = translator.translate(route, gateways);

        // Then
        assertThat(routes).singleElement().satisfies(declared -> {
            assertThat(declared.host()).isEqualTo("payments.internal");
            assertThat(declared.path()).isEqualTo("/");
            assertThat(declared.matchType()).isEqualTo(MatchType.PREFIX);
            assertThat(declared.tls()).isFalse();
            assertThat(declared.exposure())
                    .as("its only Gateway is of an internal class")
                    .isEqualTo(Exposure.INTERNAL);
        });
    }

    @Test
    void aListenerOnlyOverHttpIsNoTlsAndAHostOutsideTheWildcardIsNotCovered() {
        // Given
        HTTPRoute plain = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: plain, namespace: payments}
                spec:
                  parentRefs: [{name: public, namespace: infra, sectionName: http}]
                  hostnames: [api.bank.example]
                  rules: [{backendRefs: [{name: accounts, port: 8080}]}]
                """);
        HTTPRoute elsewhere = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: elsewhere, namespace: payments}
                spec:
                  parentRefs: [{name: public, namespace: infra, sectionName: https}]
                  hostnames: [bank.example]
                  rules: [{backendRefs: [{name: accounts, port: 8080}]}]
                """);

        // Then
        assertThat(translator.translate(plain, gateways))
                .singleElement()
                .satisfies(r -> assertThat(r.tls()).isFalse());
        assertThat(translator.translate(elsewhere, gateways))
                .singleElement()
                .satisfies(r -> assertThat(r.tls())
                        .as("*.bank.example covers a label in front of bank.example, not bank.example itself")
                        .isFalse());
    }

    @Test
    void anUnknownGatewayIsTakenAsExternalAMeshRouteAndAnUnattachedOneAsInternal() {
        // Given
        HTTPRoute unknown = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: unknown, namespace: payments}
                spec:
                  parentRefs: [{name: not-created-yet}]
                  hostnames: [api.bank.example]
                  rules: [{backendRefs: [{name: accounts, port: 8080}]}]
                """);
        HTTPRoute mesh = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: mesh, namespace: payments}
                spec:
                  parentRefs: [{group: "", kind: Service, name: accounts}]
                  rules: [{backendRefs: [{name: accounts, port: 8080}]}]
                """);
        HTTPRoute unattached = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: unattached, namespace: payments}
                spec:
                  rules: [{backendRefs: [{name: accounts, port: 8080}]}]
                """);

        // Then
        assertThat(translator.translate(unknown, gateways))
                .singleElement()
                .satisfies(r -> assertThat(r.exposure()).isEqualTo(Exposure.EXTERNAL));
        assertThat(translator.translate(mesh, gateways)).singleElement().satisfies(r -> {
            assertThat(r.exposure()).isEqualTo(Exposure.INTERNAL);
            assertThat(r.host()).isEqualTo("*");
        });
        assertThat(translator.translate(unattached, gateways))
                .singleElement()
                .satisfies(r -> assertThat(r.exposure()).isEqualTo(Exposure.INTERNAL));
    }

    @Test
    void aRouteWithoutSpecOrRulesDeclaresNothingAndDuplicatesCountOnce() {
        // Given
        HTTPRoute empty = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: empty, namespace: payments}
                """);
        HTTPRoute noRules = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: no-rules, namespace: payments}
                spec: {parentRefs: [{name: public, namespace: infra}], hostnames: [api.bank.example]}
                """);
        HTTPRoute twice = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: twice, namespace: payments}
                spec:
                  hostnames: [api.bank.example, api.bank.example]
                  rules:
                    - matches: [{path: {value: /a}}, {path: {type: PathPrefix, value: /a}, method: POST}]
                      backendRefs: [{name: first, port: 1}]
                    - matches: [{path: {value: /a}}]
                      backendRefs: [{name: second, port: 2}]
                """);

        // Then
        assertThat(translator.translate(empty, gateways)).isEmpty();
        assertThat(translator.translate(noRules, gateways)).isEmpty();
        assertThat(translator.translate(twice, Gateways.NONE))
                .singleElement()
                .satisfies(r ->
                        assertThat(r.backend()).as("the first declaration wins").isEqualTo(new Backend("first", "1")));
    }

    @Test
    void itsKeyNeverCollidesWithAnIngressOfTheSameName() {
        HTTPRoute route = route("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: accounts}
                """);

        assertThat(HttpRouteTranslator.key(route)).isEqualTo("httproute:default/accounts");
    }

    private static HTTPRoute route(String yaml) {
        return Serialization.unmarshal(yaml, HTTPRoute.class);
    }

    private static Gateways gateways(String... yaml) {
        List<Gateway> known = java.util.Arrays.stream(yaml)
                .map(document -> Serialization.unmarshal(document, Gateway.class))
                .toList();
        return (namespace, name) -> known.stream()
                .filter(gateway -> gateway.getMetadata().getNamespace().equals(namespace)
                        && gateway.getMetadata().getName().equals(name))
                .findFirst()
                .orElse(null);
    }
}
