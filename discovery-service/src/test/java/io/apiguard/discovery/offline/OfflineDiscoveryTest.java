package io.apiguard.discovery.offline;

import static io.apiguard.testing.contract.Management.management;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With no cluster, the inventory comes from manifest files: the local run reads k8s/examples this way. */
@QuarkusTest
@TestProfile(OfflineDiscoveryTest.Offline.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class OfflineDiscoveryTest {

    /** The offline source on the repository's example manifests. */
    public static class Offline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "apiguard.discovery.source",
                    "offline",
                    "apiguard.discovery.offline-paths",
                    "../k8s/examples",
                    "apiguard.discovery.internal-ingress-classes",
                    "nginx-internal");
        }
    }

    @Test
    void theExampleManifestsBecomeTheInventory() {
        asViewer()
                .queryParam("namespace", "payments")
                .queryParam("size", 500)
                .get("/api/v1/apis")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.path", hasItems("/accounts", "/payments", "/payments/export"))
                .body("items.find { it.path == '/payments' }.backend.port", equalTo("http"))
                .body("items.find { it.path == '/accounts' }.tls", equalTo(true))
                .body("items.find { it.path == '/accounts' }.authHints.auth", equalTo("external"));
        asViewer()
                .queryParam("namespace", "ledger")
                .get("/api/v1/apis")
                .then()
                .body("items[0].exposure", equalTo("internal"));
        asViewer()
                .queryParam("namespace", "web")
                .get("/api/v1/apis")
                .then()
                .body("items[0].host", equalTo("*"))
                .body("items[0].authHints.rate-limit", equalTo("middleware"));
    }

    @Test
    void theDemoApisSpecFromItsConfigMapMakesItASpecApiWithItsDeclaredOperations() {
        // Given: k8s/examples/demo-accounts-api.yaml, the local run's cluster, annotates its Ingress with its spec
        String id = asViewer()
                .queryParam("namespace", "local")
                .get("/api/v1/apis")
                .then()
                .statusCode(200)
                .body("items[0].source", equalTo("spec"))
                .body("items[0].spec.title", equalTo("Demo accounts API"))
                .body("items[0].spec.version", equalTo("1.0.0"))
                .body("items[0].spec.error", nullValue())
                .body(
                        "items[0].operations.pathTemplate",
                        hasItems("/accounts/{accountId}", "/accounts/{accountId}/statements"))
                .body("items[0].operations.origin", everyItem(equalTo("spec")))
                .body("items[0].operations.secured", everyItem(equalTo(true)))
                .body("items[0].operations.unboundedInputs.flatten()", hasSize(0))
                .extract()
                .path("items[0].id");

        // Then
        asViewer()
                .get("/api/v1/apis/" + id + "/openapi")
                .then()
                .statusCode(200)
                .contentType("application/yaml")
                .body(containsString("operationId: listStatements"));
    }

    @Test
    void readinessAndStatusNameTheOfflineSource() {
        management()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'ingress declarations' }.data.source", equalTo("offline"))
                .body("checks.find { it.name == 'ingress declarations' }.data.manifestProblems", equalTo(0));
        asViewer()
                .get("/api/v1/status")
                .then()
                .body("evidence.discovery.source", equalTo("offline"))
                .body("evidence.discovery.informerSynced", equalTo(true));
    }
}
