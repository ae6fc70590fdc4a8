package io.apiguard.sidecar.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.sidecar.capture.CollectorResource;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** With inspection off the proxy reads nothing beyond the URI: bodies stream through, responses are not searched. */
@QuarkusTest
@TestProfile(InspectionOffTest.InspectionOff.class)
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class InspectionOffTest {

    /** Inspection switched off. */
    public static class InspectionOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("apiguard.sidecar.inspection.enabled", "false");
        }
    }

    @Inject
    ProxyServer proxy;

    @Inject
    SidecarEnforcement enforcement;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    @Test
    void nothingBeyondTheUriIsReadAndTheRecordSaysNothingOfInspection() {
        // Given: even a rule that would inspect content
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        assertThat(enforcement
                        .install(
                                RuleSet.of(
                                        enforcement.activeSet().version() + 1,
                                        now,
                                        List.of(new EnforcementRule(
                                                "sqli-" + run,
                                                new EnforcementRule.Match(
                                                        null, null, null, null, null, null, "sql-injection"),
                                                RuleAction.BLOCK,
                                                null,
                                                "SQL injection",
                                                null,
                                                "operator",
                                                now,
                                                null,
                                                RuleMode.ENFORCE)),
                                        null,
                                        null,
                                        null),
                                "test")
                        .inForce())
                .isTrue();

        // When
        given().port(proxy.actualPort())
                .contentType("application/json")
                .body("{\"note\":\"" + run + "\"}")
                .post("/off/" + run)
                .then()
                .statusCode(200);
        given().port(proxy.actualPort()).get("/upstream/card?run=" + run).then().statusCode(200);

        // Then
        JsonObject posted = record(run, "/off/");
        assertThat(posted.getJsonObject("inspection")).isNull();
        assertThat(posted.getLong("requestBytes")).isPositive();
        assertThat(record(run, "/upstream/card").getJsonArray("dataClasses")).isNull();
    }

    private JsonObject record(String run, String path) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            for (Object each : new JsonArray(
                                    given().baseUri(collector).get("/received").asString())) {
                                JsonObject record = JsonObject.mapFrom(each);
                                JsonObject api = record.getJsonObject("api");
                                String target = api.getString("path") + "?" + api.getString("query");
                                if (target.startsWith(path) && target.contains(run)) {
                                    return record;
                                }
                            }
                            return null;
                        },
                        found -> found != null);
    }
}
