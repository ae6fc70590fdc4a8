package io.apiguard.logging;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.gatewayCall;
import static io.apiguard.logging.TestCalls.json;
import static io.apiguard.logging.TestCalls.stored;
import static io.apiguard.testing.oidc.Tokens.anonymously;
import static io.apiguard.testing.oidc.Tokens.asAdmin;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Who may write the trail (workloads of the cluster) and who may read it (viewers and up), over real tokens. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class FrontDoorTest {

    private static final List<String> READS = List.of(
            "/api/v1/calls",
            "/api/v1/audit/subjects/someone@example.com",
            "/api/v1/audit/enforcement",
            "/api/v1/audit/actions",
            "/api/v1/status");

    @Test
    void aBatchWithoutATokenIs401AndNothingIsStored() {
        // Given
        ApiCallRecord call = gatewayCall("api.example", "/anonymous/1", "203.0.113.9", Map.of());

        // When / Then
        anonymously()
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(json(List.of(call)))
                .post(BATCH)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        assertThat(stored(call.id())).isNull();
    }

    @Test
    void peopleDoNotWriteTheTrailNotEvenAnAdmin() {
        for (RequestSpecification person : List.of(asViewer(), asOperator(), asAdmin())) {
            // Given
            ApiCallRecord call = gatewayCall("api.example", "/forged/1", "203.0.113.9", Map.of());

            // When / Then
            person.urlEncodingEnabled(false)
                    .contentType(ContentType.JSON)
                    .body(json(List.of(call)))
                    .post(BATCH)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("status", equalTo(403));
            assertThat(stored(call.id())).isNull();
        }
    }

    @Test
    void anyPodOfTheClusterMayDeliverABatch() {
        // Given: a gateway's pod, not the sidecar the other tests use
        ApiCallRecord call = gatewayCall("api.example", "/gateway/1", "203.0.113.9", Map.of());

        // When / Then
        asWorkload(LocalIssuer.Workload.pod("ingress", "gateway", "gateway-5b7c-0"))
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(json(List.of(call)))
                .post(BATCH)
                .then()
                .statusCode(202)
                .body("stored", equalTo(1));
        assertThat(stored(call.id())).isNotNull();
    }

    @Test
    void theColonOfTheBatchPathMayBePercentEncodedAndTheRoleCheckStillApplies() {
        // Given
        ApiCallRecord call = gatewayCall("api.example", "/encoded/1", "203.0.113.9", Map.of());
        ApiCallRecord refused = gatewayCall("api.example", "/encoded/2", "203.0.113.9", Map.of());

        // When / Then
        TestCalls.asSidecar()
                .contentType(ContentType.JSON)
                .body(json(List.of(call)))
                .post("/api/v1/calls%3Abatch")
                .then()
                .statusCode(202)
                .body("stored", equalTo(1));
        anonymously()
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(json(List.of(refused)))
                .post("/api/v1/calls%3abatch")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        asOperator()
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(json(List.of(refused)))
                .post("/api/v1/calls%3Abatch")
                .then()
                .statusCode(403);
        assertThat(stored(call.id())).isNotNull();
        assertThat(stored(refused.id())).isNull();
    }

    @Test
    void readsWithoutATokenAre401() {
        for (String path : READS) {
            anonymously()
                    .get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
    }

    @Test
    void viewersAndOperatorsReadButASidecarDoesNot() {
        asViewer().get("/api/v1/audit/actions").then().statusCode(200);
        asOperator().get("/api/v1/calls").then().statusCode(200);
        asAdmin().get("/api/v1/audit/enforcement").then().statusCode(200);
        // a sidecar delivers the trail; reading everyone's calls is not its business
        for (String path : READS) {
            TestCalls.asSidecar().get(path).then().statusCode(403).contentType("application/problem+json");
        }
    }
}
