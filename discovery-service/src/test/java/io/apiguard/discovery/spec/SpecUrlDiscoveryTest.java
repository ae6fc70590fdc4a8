package io.apiguard.discovery.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.discovery.InventoryEvents;
import io.apiguard.discovery.cluster.ClusterDiscoveryTestSupport;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Specs at URLs: fetched under an allowed prefix (the test profile allows {@code http://127.0.0.1:}), from a real HTTP
 * server; a redirect, an oversized document and a URL outside the prefixes are errors on the API.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class SpecUrlDiscoveryTest {

    @Inject
    KubernetesClient client;

    /** A Vert.x of its own: the application's is instrumented for the app's own HTTP server only. */
    private Vertx vertx;

    private HttpServer server;
    private InventoryEvents events;

    @BeforeEach
    void serve() throws Exception {
        events = new InventoryEvents();
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/specs/ledger.yaml" ->
                            request.response()
                                    .putHeader("Content-Type", "application/yaml")
                                    .end("""
                                    openapi: 3.1.0
                                    info: {title: Ledger, version: 3.2.1}
                                    paths: {/entries: {get: {operationId: listEntries}}}
                                    """);
                        case "/specs/moved.yaml" ->
                            request.response()
                                    .setStatusCode(302)
                                    .putHeader("Location", "http://169.254.169.254/latest/meta-data")
                                    .end();
                        case "/specs/huge.yaml" -> request.response().end("# " + "x".repeat(2_200_000));
                        default -> request.response().setStatusCode(404).end();
                    }
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        events.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSpecAtAnAllowedUrlIsFetchedAndRedirectsOversizeAndOtherUrlsAreErrors() {
        // Given
        String base = "http://127.0.0.1:" + server.actualPort() + "/specs/";

        // When
        ingress("url-specs", "ledger", "ledger.url.example", base + "ledger.yaml");
        ingress("url-specs", "moved", "moved.url.example", base + "moved.yaml");
        ingress("url-specs", "huge", "huge.url.example", base + "huge.yaml");
        ingress("url-specs", "elsewhere", "elsewhere.url.example", "https://specs.example.com/ledger.yaml");

        // Then
        var ledger = events.awaitSpec("ledger.url.example");
        assertThat(ledger.error()).isNull();
        assertThat(ledger.version()).isEqualTo("3.2.1");
        assertThat(ledger.reference()).isEqualTo(base + "ledger.yaml");
        assertThat(events.awaitSpec("moved.url.example").error()).contains("answered 302 (redirects are not followed)");
        assertThat(events.awaitSpec("huge.url.example").error()).contains("larger than the limit of 2097152 bytes");
        assertThat(events.awaitSpec("elsewhere.url.example").error()).contains("under none of the allowed prefixes");
    }

    private void ingress(String namespace, String name, String host, String annotation) {
        client.network()
                .v1()
                .ingresses()
                .inNamespace(namespace)
                .resource(ClusterDiscoveryTestSupport.annotated(name, host, "/" + name, annotation))
                .create();
    }
}
