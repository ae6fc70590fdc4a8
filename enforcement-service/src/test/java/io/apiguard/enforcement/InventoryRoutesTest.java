package io.apiguard.enforcement;

import static io.apiguard.enforcement.EnforcementFixture.WAIT;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.OperationOrigin;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetHash;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.enforcement.ruleset.SignedRuleSet;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeys;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * The route table in the rule set: the inventory's routes (api id, host, match type, declared and learned templates)
 * are signed into the set every sidecar gets, and a change of the inventory is a new version pushed to the sidecars;
 * a rule on a match field sidecars cannot evaluate is refused by name.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class InventoryRoutesTest {

    private static final String POD = "payments/accounts-7d9f-1";

    @Inject
    EnforcementFixture fixture;

    @Inject
    RuleSetPublisher publisher;

    private void publish(String key, InventoryChange change) throws Exception {
        fixture.publish(Topics.INVENTORY, key, change);
    }

    @BeforeEach
    void registerTheSidecar() {
        EnforcementFixture.registerTheSidecar();
    }

    @Test
    void theInventorysRoutesAreSignedIntoTheRuleSetAndAChangeIsPushedAsANewVersion() throws Exception {
        // Given: an API with a declared template (a spec's name, not traffic's {id}) and one learned from traffic
        String run = UUID.randomUUID().toString().substring(0, 8);
        String apiId = "api-routes-" + run;
        Instant declaredAt = Instant.now();
        ApiEndpoint endpoint = endpoint(apiId, "/accounts", declaredAt);

        // When
        publish(apiId, new InventoryChange(ChangeKind.UPSERTED, endpoint, declaredAt));

        // Then: the sidecar gets a set carrying the route
        RuleSet.Route expected = new RuleSet.Route(
                apiId,
                "routes-" + run + ".bank.example",
                "/accounts",
                MatchType.PREFIX,
                List.of(new RuleSet.RouteTemplate("GET", "/accounts/{accountId}")),
                List.of(new RuleSet.RouteTemplate("GET", "/accounts/{id}/statements")));
        RuleSet pushed = await().atMost(WAIT)
                .until(() -> routeAtSidecar(apiId).isPresent() ? FakeSidecar.last() : null, set -> set != null);
        assertThat(routeAtSidecar(apiId)).contains(expected);

        // and the pulled set carries it under the signature: the verified payload holds it
        Response pulled = asWorkload(EnforcementFixture.sidecar("payments", "accounts-7d9f-1"))
                .get("/api/v1/rule-set");
        RuleSetJws.Verified verified =
                RuleSetKeys.shared().verifier().verify(pulled.asString(), POD, Instant.now(), true);
        assertThat(verified.valid()).isTrue();
        assertThat(RuleSetDocument.parse(verified.document()).ruleSet().routes())
                .contains(expected);

        // When: the inventory changes the API's path
        Instant changedAt = declaredAt.plusSeconds(1);
        publish(apiId, new InventoryChange(ChangeKind.UPSERTED, endpoint(apiId, "/v2/accounts", changedAt), changedAt));

        // Then: a newer version reaches the sidecar with the new route
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(routeAtSidecar(apiId))
                        .hasValueSatisfying(route -> assertThat(route.path()).isEqualTo("/v2/accounts")));
        assertThat(FakeSidecar.last().version()).isGreaterThan(pushed.version());

        // When: the API is gone
        Instant removedAt = changedAt.plusSeconds(1);
        publish(apiId, new InventoryChange(ChangeKind.REMOVED, endpoint(apiId, "/v2/accounts", removedAt), removedAt));

        // Then: so is its route
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(routeAtSidecar(apiId)).isEmpty());
    }

    @Test
    void specOperationsCarryTheirContractsAndEachApiItsValidationModeIntoTheSignedSet() throws Exception {
        // Given: a spec API annotated enforce, a spec API naming no mode, an API without a spec
        String run = UUID.randomUUID().toString().substring(0, 8);
        String enforced = "api-routes-enforced-" + run;
        String defaulted = "api-routes-default-" + run;
        String plain = "api-routes-plain-" + run;
        Instant at = Instant.now();
        RequestContract contract = new RequestContract(
                List.of(new RequestContract.Parameter(
                        "accountId",
                        RequestContract.ParameterLocation.PATH,
                        true,
                        EventJson.mapper().readTree("{\"type\":\"string\",\"pattern\":\"^[0-9]{1,12}$\"}"))),
                true,
                Map.of(
                        "application/json",
                        EventJson.mapper()
                                .readTree("{\"type\":\"object\",\"additionalProperties\":false,\"required\":"
                                        + "[\"owner\"],\"properties\":{\"id\":false,\"isAdmin\":false,"
                                        + "\"owner\":{\"type\":\"string\",\"maxLength\":40}}}")));

        // When
        publish(
                enforced,
                new InventoryChange(
                        ChangeKind.UPSERTED, specEndpoint(enforced, contract, SpecValidation.ENFORCE, at), at));
        publish(defaulted, new InventoryChange(ChangeKind.UPSERTED, specEndpoint(defaulted, contract, null, at), at));
        publish(plain, new InventoryChange(ChangeKind.UPSERTED, endpoint(plain, "/accounts", at), at));

        // Then: the route of each reaches the sidecar, with the contract on the spec's operation
        await().atMost(WAIT)
                .until(() -> routeAtSidecar(enforced).isPresent()
                        && routeAtSidecar(defaulted).isPresent()
                        && routeAtSidecar(plain).isPresent());
        RuleSet.RouteTemplate replace =
                new RuleSet.RouteTemplate("PUT", "/accounts/{accountId}", "replaceAccount", contract);
        assertThat(routeAtSidecar(enforced)).hasValueSatisfying(route -> {
            assertThat(route.validation()).isEqualTo(SpecValidation.ENFORCE);
            assertThat(route.declared()).contains(replace);
        });
        assertThat(routeAtSidecar(defaulted))
                .as("a spec naming no mode gets the configured default")
                .hasValueSatisfying(route -> assertThat(route.validation()).isEqualTo(SpecValidation.MONITOR));
        assertThat(routeAtSidecar(plain))
                .as("no spec, nothing to check calls against")
                .hasValueSatisfying(route -> assertThat(route.validation()).isEqualTo(SpecValidation.OFF));

        // and the pulled set verifies and carries the contract under the signature
        Response pulled = asWorkload(EnforcementFixture.sidecar("payments", "accounts-7d9f-1"))
                .get("/api/v1/rule-set");
        RuleSetJws.Verified verified =
                RuleSetKeys.shared().verifier().verify(pulled.asString(), POD, Instant.now(), true);
        assertThat(verified.valid()).isTrue();
        RuleSet signed = RuleSetDocument.parse(verified.document()).ruleSet();
        assertThat(signed.routes())
                .filteredOn(route -> route.apiId().equals(enforced))
                .singleElement()
                .satisfies(route -> assertThat(route.declared()).contains(replace));

        // When: the set is built again from what is stored (as at a restart), and discovery announces the same again
        SignedRuleSet current = publisher.current();
        SignedRuleSet rebuilt = EnforcementFixture.await(publisher.rebuild());
        Instant again = at.plusSeconds(1);
        publish(
                enforced,
                new InventoryChange(
                        ChangeKind.UPSERTED, specEndpoint(enforced, contract, SpecValidation.ENFORCE, again), again));
        await().atMost(WAIT)
                .until(() -> fixture.query(
                                        "select 1 from api_route where api_id = $1 and updated_at >= $2",
                                        enforced,
                                        again.atOffset(java.time.ZoneOffset.UTC))
                                .size()
                        == 1);
        SignedRuleSet republished = EnforcementFixture.await(publisher.rebuild());

        // Then: the same content hashes the same, so no new version is pushed
        assertThat(rebuilt.ruleSet().hash()).isEqualTo(current.ruleSet().hash());
        assertThat(republished.ruleSet().version()).isEqualTo(current.ruleSet().version());
        assertThat(republished.ruleSet().hash()).isEqualTo(current.ruleSet().hash());
        assertThat(RuleSetHash.of(
                        signed.rules(),
                        signed.allowlist(),
                        signed.namespaceModes(),
                        signed.signatures(),
                        signed.routes()))
                .as("what the sidecar verifies hashes as enforcement hashed it")
                .isEqualTo(signed.hash());

        // When: the operator changes the mode on the Service
        Instant changed = again.plusSeconds(1);
        publish(
                enforced,
                new InventoryChange(
                        ChangeKind.UPSERTED, specEndpoint(enforced, contract, SpecValidation.OFF, changed), changed));

        // Then
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(routeAtSidecar(enforced))
                        .hasValueSatisfying(
                                route -> assertThat(route.validation()).isEqualTo(SpecValidation.OFF)));
    }

    @Test
    void anUnreadableRouteIsLeftOutAndTheRestOfTheSetStillReachesTheSidecar() throws Exception {
        // Given: a row no route can be read from (as a later version might write)
        String run = UUID.randomUUID().toString().substring(0, 8);
        String broken = "api-broken-" + run;
        fixture.query(
                "insert into api_route (api_id, route, updated_at) values ($1, $2, now())",
                broken,
                new JsonObject().put("apiId", broken).put("declared", "not a list"));
        try {
            // When: another API arrives
            String apiId = "api-routes-" + run;
            Instant at = Instant.now();
            publish(apiId, new InventoryChange(ChangeKind.UPSERTED, endpoint(apiId, "/accounts", at), at));

            // Then: its route is pushed, without the unreadable one
            await().atMost(WAIT).until(() -> routeAtSidecar(apiId).isPresent());
            assertThat(routeAtSidecar(broken)).isEmpty();
        } finally {
            fixture.query("delete from api_route where api_id = $1", broken);
        }
    }

    @Test
    void aRuleOnAMatchFieldSidecarsCannotEvaluateIsRefusedNamingTheField() {
        // When / Then: "host" would be dropped, and the rule would block the subject on every host
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of("match", Map.of("subject", "mallory", "host", "api.example"), "action", "block"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("match.host is not a field sidecars evaluate"))
                .body("errors.message", hasItem(containsString("match.host")));
        // a template no path can fit is refused too
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of("match", Map.of("pathTemplate", "/accounts/{accountId"), "action", "block"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.message", hasItem(containsString("match.pathTemplate")));
        // a declared template with named segments is a rule sidecars can evaluate
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "match",
                        Map.of("method", "DELETE", "pathTemplate", "/accounts/{accountId}"),
                        "action",
                        "block",
                        "ttl",
                        "PT1M"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
    }

    private static Optional<RuleSet.Route> routeAtSidecar(String apiId) {
        RuleSet last = FakeSidecar.last();
        return last == null
                ? Optional.empty()
                : last.routes().stream()
                        .filter(route -> route.apiId().equals(apiId))
                        .findFirst();
    }

    private static ApiEndpoint specEndpoint(
            String id, RequestContract contract, SpecValidation validation, Instant at) {
        ApiEndpoint api = endpoint(id, "/accounts", at);
        return new ApiEndpoint(
                api.id(),
                api.host(),
                api.path(),
                api.pathTemplate(),
                api.matchType(),
                List.of("PUT"),
                api.backend(),
                api.namespace(),
                api.sourceIngresses(),
                api.exposure(),
                api.tls(),
                api.authHints(),
                ApiSource.SPEC,
                api.state(),
                api.firstSeen(),
                api.lastSeen(),
                api.callCount(),
                List.of(new ApiEndpoint.Operation(
                        "PUT",
                        "/accounts/{accountId}",
                        0,
                        null,
                        OperationOrigin.SPEC,
                        "replaceAccount",
                        true,
                        List.of(),
                        false,
                        contract)),
                new ApiEndpoint.Spec(
                        "configmap:payments/accounts-openapi/openapi.yaml",
                        "3.1.0",
                        "Accounts",
                        "1.0",
                        null,
                        validation));
    }

    private static ApiEndpoint endpoint(String id, String path, Instant at) {
        String host = id.replace("api-routes-", "routes-") + ".bank.example";
        return new ApiEndpoint(
                id,
                host,
                path,
                path,
                MatchType.PREFIX,
                List.of("GET"),
                new Backend("accounts", "8080"),
                "payments",
                List.of("payments/accounts"),
                Exposure.EXTERNAL,
                true,
                Map.of(),
                ApiSource.INGRESS,
                ApiState.ACTIVE,
                at,
                at,
                2,
                List.of(
                        new ApiEndpoint.Operation("GET", "/accounts/{accountId}", 1, at),
                        new ApiEndpoint.Operation("GET", "/accounts/{id}/statements", 1, at)));
    }
}
