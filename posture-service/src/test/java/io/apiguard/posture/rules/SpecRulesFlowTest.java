package io.apiguard.posture.rules;

import static io.apiguard.posture.TestApis.api;
import static io.apiguard.posture.rules.SpecRulesTest.SPEC;
import static io.apiguard.posture.rules.SpecRulesTest.T;
import static io.apiguard.posture.rules.SpecRulesTest.declared;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.posture.Events;
import io.apiguard.posture.TestApis;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An inventory event on the real broker for an API with a spec becomes the spec rules' findings, and a spec fixed in
 * a later event resolves them.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class SpecRulesFlowTest {

    private Events events;
    private final List<ApiEndpoint> published = new ArrayList<>();

    @BeforeEach
    void connect() {
        events = new Events();
    }

    @AfterEach
    void cleanUp() {
        // Leave no live finding behind for the other test classes sharing this application.
        published.forEach(events::removed);
        published.forEach(endpoint -> await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("api", endpoint.id())
                        .get("/api/v1/findings")
                        .then()
                        .body("items.findAll { it.state != 'resolved' }.size()", equalTo(0))));
        events.close();
    }

    @Test
    void aSpecThatBreaksEverySpecRuleOpensTheirFindingsAndTheFixedSpecResolvesThem() {
        // Given: an unsecured, unbounded, open write operation; traffic mostly to an undocumented one
        TestApis sloppy = api().id("api-spec-flow")
                .host("spec.flow.example")
                .namespace("spec-flow")
                .source(ApiSource.SPEC)
                .spec(SPEC)
                .operations(
                        declared("POST", "/orders", 10, false, List.of("body.note"), true),
                        new ApiEndpoint.Operation("DELETE", "/orders/{id}", 30, T));

        // When
        publish(sloppy);

        // Then
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("api", "api-spec-flow")
                        .queryParam("state", "open")
                        .get("/api/v1/findings")
                        .then()
                        .statusCode(200)
                        .body(
                                "items.findAll { it.ruleId.startsWith('APIG-SPEC') }.ruleId",
                                containsInAnyOrder(
                                        "APIG-SPEC-001",
                                        "APIG-SPEC-002",
                                        "APIG-SPEC-003",
                                        "APIG-SPEC-004",
                                        "APIG-SPEC-005")));
        asViewer()
                .queryParam("api", "api-spec-flow")
                .queryParam("rule", "APIG-SPEC-003")
                .get("/api/v1/findings")
                .then()
                .body("items[0].owaspCategory", equalTo("API3:2023"))
                .body("items[0].evidence.operations", equalTo("POST /orders"));

        // When the spec is fixed and names the DELETE it serves
        publish(api().id("api-spec-flow")
                .host("spec.flow.example")
                .namespace("spec-flow")
                .source(ApiSource.SPEC)
                .spec(SPEC)
                .operations(
                        declared("POST", "/orders", 10, true, List.of(), false),
                        declared("DELETE", "/orders/{orderId}", 30, true, List.of(), false)));

        // Then
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("api", "api-spec-flow")
                        .queryParam("state", "open")
                        .get("/api/v1/findings")
                        .then()
                        .body("items.findAll { it.ruleId.startsWith('APIG-SPEC') }.size()", equalTo(0)));
    }

    @Test
    void aSpecInErrorIsAFinding() {
        // When
        publish(api().id("api-spec-flow-error")
                .host("spec-error.flow.example")
                .namespace("spec-flow")
                .spec(new ApiEndpoint.Spec(SPEC.reference(), null, null, null, "ConfigMap spec-flow/x not found")));

        // Then
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .queryParam("api", "api-spec-flow-error")
                        .get("/api/v1/findings")
                        .then()
                        .body("items.ruleId", hasItem("APIG-SPEC-006"))
                        .body(
                                "items.find { it.ruleId == 'APIG-SPEC-006' }.evidence.error",
                                equalTo("ConfigMap spec-flow/x not found")));
    }

    private void publish(TestApis builder) {
        ApiEndpoint endpoint = builder.build();
        published.add(endpoint);
        events.upserted(endpoint);
    }
}
