package io.apiguard.enforcement.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.OperationOrigin;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;

class InventoryRoutesRouteTest {

    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void specOperationsAndNamedSegmentsAreDeclaredTrafficsGenericTemplatesLearned() {
        // Given
        ApiEndpoint fromIngress = endpoint(
                ApiSource.INGRESS,
                "/accounts/{accountId}",
                List.of(
                        operation("GET", "/accounts/{id}/statements"),
                        operation("POST", "/accounts/{accountId}/transfers")));
        ApiEndpoint fromSpec = endpoint(
                ApiSource.SPEC,
                "/accounts",
                List.of(specOperation("GET", "/accounts/{accountId}"), operation("DELETE", "/accounts/{id}")));

        // When / Then
        assertThat(InventoryRoutes.route(fromIngress))
                .isEqualTo(new RuleSet.Route(
                        "api-1",
                        "api.bank.example",
                        "/accounts/{accountId}",
                        MatchType.PREFIX,
                        List.of(
                                new RuleSet.RouteTemplate(null, "/accounts/{accountId}"),
                                new RuleSet.RouteTemplate("POST", "/accounts/{accountId}/transfers")),
                        List.of(new RuleSet.RouteTemplate("GET", "/accounts/{id}/statements"))));
        assertThat(InventoryRoutes.route(fromSpec).declared())
                .containsExactly(new RuleSet.RouteTemplate("GET", "/accounts/{accountId}", "getAccount", CONTRACT));
        assertThat(InventoryRoutes.route(fromSpec).learned())
                .as("called on a spec API, but not in its spec: learned, not declared")
                .containsExactly(new RuleSet.RouteTemplate("DELETE", "/accounts/{id}"));
    }

    @Test
    void aTemplateFromACraftedRequestIsLeftOutAndAPathNoSidecarCanMatchHasNoRoute() {
        // Given: a client sent /accounts/{x (kept as a literal by traffic's templating)
        ApiEndpoint crafted = endpoint(
                ApiSource.TRAFFIC,
                "/accounts",
                List.of(
                        operation("GET", "/accounts/{x"),
                        operation("get", "/accounts/{id}"),
                        operation("GET", "/accounts/{id}")));
        ApiEndpoint regexPath = endpoint(ApiSource.INGRESS, "api/.*", List.of());

        // When / Then
        assertThat(InventoryRoutes.route(crafted).learned())
                .containsExactly(new RuleSet.RouteTemplate("GET", "/accounts/{id}"));
        assertThat(InventoryRoutes.route(regexPath)).isNull();
        assertThat(InventoryRoutes.route(endpoint(ApiSource.INGRESS, "", List.of()))
                        .path())
                .isEqualTo("/");
    }

    @Test
    void aSpecOperationIsNamedByItsOperationIdElseByMethodAndTemplate() {
        // Given
        ApiEndpoint.Operation unnamed = new ApiEndpoint.Operation(
                "DELETE", "/accounts/{accountId}", 0, null, OperationOrigin.SPEC, null, true, List.of(), false, null);
        ApiEndpoint.Operation overlong = new ApiEndpoint.Operation(
                "PUT",
                "/accounts/{accountId}",
                0,
                null,
                OperationOrigin.SPEC,
                "x".repeat(201),
                true,
                List.of(),
                false,
                null);

        // When / Then
        assertThat(InventoryRoutes.operationName(specOperation("GET", "/accounts/{accountId}")))
                .isEqualTo("getAccount");
        assertThat(InventoryRoutes.operationName(unnamed)).isEqualTo("DELETE /accounts/{accountId}");
        assertThat(InventoryRoutes.operationName(overlong)).isEqualTo("PUT /accounts/{accountId}");
        assertThat(InventoryRoutes.route(endpoint(ApiSource.SPEC, "/accounts", List.of(unnamed)))
                        .declared())
                .containsExactly(new RuleSet.RouteTemplate(
                        "DELETE", "/accounts/{accountId}", "DELETE /accounts/{accountId}", null));
    }

    @Test
    void theModeIsTheSpecsAnnotationTheDefaultWhenItNamesNoneAndOffWithoutAReadableSpec() {
        // Given
        ApiEndpoint.Spec annotated =
                new ApiEndpoint.Spec("configmap:a/b/c", "3.1.0", "A", "1", null, SpecValidation.ENFORCE);
        ApiEndpoint.Spec plain = new ApiEndpoint.Spec("configmap:a/b/c", "3.1.0", "A", "1", null, null);
        ApiEndpoint.Spec broken =
                new ApiEndpoint.Spec("configmap:a/b/c", null, null, null, "ConfigMap gone", SpecValidation.ENFORCE);

        // When / Then
        assertThat(InventoryRoutes.validation(withSpec(annotated))).isEqualTo(SpecValidation.ENFORCE);
        assertThat(InventoryRoutes.validation(withSpec(plain)))
                .as("the default applies")
                .isNull();
        assertThat(InventoryRoutes.validation(withSpec(broken)))
                .as("no operation declared: enforcing would refuse every call")
                .isEqualTo(SpecValidation.OFF);
        assertThat(InventoryRoutes.validation(endpoint(ApiSource.INGRESS, "/accounts", List.of())))
                .isEqualTo(SpecValidation.OFF);
    }

    private static final RequestContract CONTRACT = new RequestContract(
            List.of(new RequestContract.Parameter(
                    "accountId",
                    RequestContract.ParameterLocation.PATH,
                    true,
                    JsonNodeFactory.instance.objectNode().put("type", "string"))),
            false,
            Map.of());

    private static ApiEndpoint withSpec(ApiEndpoint.Spec spec) {
        ApiEndpoint api = endpoint(ApiSource.SPEC, "/accounts", List.of());
        return new ApiEndpoint(
                api.id(),
                api.host(),
                api.path(),
                api.pathTemplate(),
                api.matchType(),
                api.methods(),
                api.backend(),
                api.namespace(),
                api.sourceIngresses(),
                api.exposure(),
                api.tls(),
                api.authHints(),
                api.source(),
                api.state(),
                api.firstSeen(),
                api.lastSeen(),
                api.callCount(),
                api.operations(),
                spec);
    }

    private static ApiEndpoint.Operation specOperation(String method, String template) {
        return new ApiEndpoint.Operation(
                method, template, 0, null, OperationOrigin.SPEC, "getAccount", true, List.of(), false, CONTRACT);
    }

    private static ApiEndpoint.Operation operation(String method, String template) {
        return new ApiEndpoint.Operation(method, template, 1, AT);
    }

    private static ApiEndpoint endpoint(ApiSource source, String path, List<ApiEndpoint.Operation> operations) {
        return new ApiEndpoint(
                "api-1",
                "api.bank.example",
                path,
                path,
                MatchType.PREFIX,
                List.of(),
                null,
                null,
                List.of(),
                null,
                false,
                Map.of(),
                source,
                ApiState.ACTIVE,
                AT,
                AT,
                0,
                operations);
    }
}
