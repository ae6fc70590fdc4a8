package io.apiguard.enforcement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.KeycloakResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The operators' issuer is a real Keycloak: people log in with a password, their realm roles (under
 * {@code realm_access/roles}, as Keycloak sends them) are mapped to apiguard's, and the rule an operator makes names
 * her by her Keycloak user name.
 */
@QuarkusTest
@TestProfile(KeycloakLoginTest.KeycloakOperators.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class KeycloakLoginTest {

    /** Keycloak as the operators' tenant, with its realm roles mapped to apiguard's. */
    public static class KeycloakOperators implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.roles.role-claim-path",
                    "realm_access/roles",
                    "apiguard.security.operators.viewer-roles",
                    "apiguard-viewers",
                    "apiguard.security.operators.operator-roles",
                    "apiguard-operators");
        }
    }

    @Test
    void aKeycloakOperatorMakesARuleUnderHerOwnNameAndAKeycloakViewerCannot() {
        String kim = KeycloakResource.login("kim", "kim-password");
        String val = KeycloakResource.login("val", "val-password");
        Map<String, Object> rule = Map.of(
                "id",
                "op-keycloak",
                "match",
                Map.of("subject", "trudy"),
                "action",
                "block",
                "reason",
                "logged in for real");

        given().auth()
                .oauth2(val)
                .contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/rules")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(kim)
                .contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .body("rule.createdBy", equalTo("kim"));
        given().auth()
                .oauth2(val)
                .get("/api/v1/rules/op-keycloak")
                .then()
                .statusCode(200)
                .body("rule.createdBy", equalTo("kim"));
        given().auth().oauth2(kim).delete("/api/v1/rules/op-keycloak").then().statusCode(204);
    }
}
