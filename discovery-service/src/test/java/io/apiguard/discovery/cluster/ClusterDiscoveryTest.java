package io.apiguard.discovery.cluster;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.EventTypes;
import io.apiguard.discovery.source.DeclarationSource;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Ingresses created, changed and deleted on the (mock) cluster become inventory rows and events on the real broker. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class ClusterDiscoveryTest {

    @Inject
    KubernetesClient client;

    @Inject
    DeclarationSource source;

    private io.apiguard.discovery.InventoryEvents events;

    @BeforeEach
    void listen() {
        events = new io.apiguard.discovery.InventoryEvents();
    }

    @AfterEach
    void stopListening() {
        events.close();
    }

    @Test
    void anIngressCreatedChangedAndDeletedIsInventoriedAndAnnounced() {
        // Given
        var ingress = ClusterDiscoveryTestSupport.ingress("shop", "shop.example", "/orders", "/carts");

        // When created
        client.network()
                .v1()
                .ingresses()
                .inNamespace("retail")
                .resource(ingress)
                .create();

        // Then
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "retail")
                        .when()
                        .get("/api/v1/apis")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(2))
                        .body("items.path", contains("/carts", "/orders"))
                        .body("items[0].state", equalTo("declared"))
                        .body("items[0].sourceIngresses", contains("retail/shop"))
                        .body("items[0].backend.service", equalTo("shop-api")));
        String ordersId =
                asViewer().queryParam("namespace", "retail").get("/api/v1/apis").path("items[1].id");
        var upserted = events.awaitEvent(
                event -> ordersId.equals(event.key()) && event.change().changeKind() == ChangeKind.UPSERTED);
        assertThat(upserted.type()).isEqualTo(EventTypes.INVENTORY_CHANGE);
        assertThat(upserted.change().endpoint().host()).isEqualTo("shop.example");

        // When a path is dropped
        client.network()
                .v1()
                .ingresses()
                .inNamespace("retail")
                .resource(ClusterDiscoveryTestSupport.ingress("shop", "shop.example", "/carts"))
                .update();

        // Then
        var removed = events.awaitEvent(
                event -> ordersId.equals(event.key()) && event.change().changeKind() == ChangeKind.REMOVED);
        assertThat(removed.change().endpoint().path()).isEqualTo("/orders");
        await().untilAsserted(() -> asViewer()
                .get("/api/v1/apis/" + ordersId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json"));

        // When deleted
        client.network().v1().ingresses().inNamespace("retail").withName("shop").delete();

        // Then
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "retail")
                        .when()
                        .get("/api/v1/apis")
                        .then()
                        .body("total", equalTo(0)));
    }

    @Test
    void aRestartRemovesAndAnnouncesIngressesDeletedWhileDiscoveryWasDown() throws Throwable {
        // Given: an Ingress discovery knows
        client.network()
                .v1()
                .ingresses()
                .inNamespace("billing")
                .resource(ClusterDiscoveryTestSupport.ingress("invoices", "billing.example", "/invoices"))
                .create();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "billing")
                        .get("/api/v1/apis")
                        .then()
                        .body("total", equalTo(1)));
        String id = asViewer()
                .queryParam("namespace", "billing")
                .get("/api/v1/apis")
                .path("items[0].id");

        // When it is deleted while the informers are down, and discovery starts again
        client.network()
                .v1()
                .ingresses()
                .inNamespace("billing")
                .withName("invoices")
                .delete();
        source.restart();

        // Then
        var removed = events.awaitEvent(
                event -> id.equals(event.key()) && event.change().changeKind() == ChangeKind.REMOVED);
        assertThat(removed.change().endpoint().sourceIngresses()).isEmpty();
        asViewer().get("/api/v1/apis/" + id).then().statusCode(404);
        assertThat(source.isSynced()).isTrue();
    }

    @Test
    void theListFiltersPagesAndRejectsUnknownFilterValues() {
        client.network()
                .v1()
                .ingresses()
                .inNamespace("paged")
                .resource(ClusterDiscoveryTestSupport.ingress("many", "paged.example", "/a", "/b", "/c"))
                .create();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "paged")
                        .get("/api/v1/apis")
                        .then()
                        .body("total", equalTo(3)));

        asViewer()
                .queryParam("namespace", "paged")
                .queryParam("size", 2)
                .queryParam("page", 1)
                .when()
                .get("/api/v1/apis")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].path", equalTo("/c"))
                .body("page", equalTo(1));
        asViewer()
                .queryParam("namespace", "paged")
                .queryParam("state", "declared")
                .queryParam("exposure", "external")
                .get("/api/v1/apis")
                .then()
                .body("total", equalTo(3));
        asViewer()
                .queryParam("state", "sleeping")
                .when()
                .get("/api/v1/apis")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad filter"))
                .body("detail", equalTo("state must be one of [declared, active, shadow, zombie], not 'sleeping'"));
        asViewer()
                .queryParam("size", 501)
                .get("/api/v1/apis")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asViewer()
                .get("/api/v1/apis/openapi")
                .then()
                .statusCode(200)
                .body("openapi", equalTo("3.0.3"))
                .body("paths.'/a'.x-apiguard-host", equalTo("paged.example"))
                .body("paths.'/a'.x-apiguard-api-id", notNullValue());
    }

    @Test
    void statusReportsTheClusterSourceAndTheCountsPerState() {
        asViewer()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .body("evidence.discovery.source", equalTo("cluster"))
                .body("evidence.discovery.informerSynced", equalTo(true))
                .body("evidence.discovery.apis", notNullValue())
                .body("evidence.discovery.declaredTrafficShare", notNullValue());
    }
}
