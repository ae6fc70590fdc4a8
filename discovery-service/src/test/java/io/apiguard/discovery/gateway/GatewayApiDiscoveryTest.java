package io.apiguard.discovery.gateway;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** HTTPRoutes and Gateways on the (mock) cluster become inventory rows, and follow their Gateway's listeners. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class GatewayApiDiscoveryTest {

    @Inject
    KubernetesClient client;

    @Test
    void anHttpRouteIsInventoriedFollowsItsGatewayAndGoesWithIt() {
        // Given: a Gateway that serves plain HTTP only
        client.resource(gateway("HTTP", 80)).create();

        // When a route attaches to it
        client.resource(Serialization.unmarshal("""
                        apiVersion: gateway.networking.k8s.io/v1
                        kind: HTTPRoute
                        metadata: {name: accounts, namespace: gw-payments}
                        spec:
                          parentRefs: [{name: public, namespace: gw-infra}]
                          hostnames: [api.gw-bank.example]
                          rules:
                            - matches: [{path: {type: PathPrefix, value: /accounts}}]
                              backendRefs: [{name: accounts, port: 8080}]
                        """, HTTPRoute.class)).create();

        // Then
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "gw-payments")
                        .get("/api/v1/apis")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(1))
                        .body("items[0].host", equalTo("api.gw-bank.example"))
                        .body("items[0].path", equalTo("/accounts"))
                        .body("items[0].sourceIngresses", contains("httproute:gw-payments/accounts"))
                        .body("items[0].backend.service", equalTo("accounts"))
                        .body("items[0].exposure", equalTo("external"))
                        .body("items[0].tls", equalTo(false)));

        // When the Gateway terminates TLS instead
        client.resource(gateway("HTTPS", 443)).update();

        // Then the route's API is served over TLS
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "gw-payments")
                        .get("/api/v1/apis")
                        .then()
                        .body("items[0].tls", equalTo(true)));

        // When the route is deleted
        client.resources(HTTPRoute.class)
                .inNamespace("gw-payments")
                .withName("accounts")
                .delete();

        // Then
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "gw-payments")
                        .get("/api/v1/apis")
                        .then()
                        .body("total", equalTo(0)));
    }

    private static Gateway gateway(String protocol, int port) {
        return Serialization.unmarshal("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: public, namespace: gw-infra}
                spec:
                  gatewayClassName: envoy
                  listeners: [{name: web, protocol: %s, port: %d}]
                """.formatted(protocol, port), Gateway.class);
    }
}
