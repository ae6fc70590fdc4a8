package io.apiguard.discovery.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.OperationOrigin;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecFacts;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.apiguard.discovery.spec.SpecDocument;
import io.apiguard.discovery.spec.SpecLoad;

class InventorySpecTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String REFERENCE = "configmap:payments/accounts-openapi/openapi.yaml";

    private final Inventory inventory = new Inventory(3, 2);

    @Test
    void aSpecTakesOverWhatTrafficLearnedAndKeepsWhatItDoesNotDeclareAsTraffic() {
        // Given: traffic learned two operations before the spec was named
        inventory.declare("payments/bank", List.of(route(null)), T0);
        inventory.observe("api.bank.example", "GET", "/accounts/1044", T0.plusSeconds(1));
        inventory.observe("api.bank.example", "GET", "/accounts/2211", T0.plusSeconds(2));
        inventory.observe("api.bank.example", "DELETE", "/accounts/2211", T0.plusSeconds(3));

        // When
        Inventory.Changes changes = inventory.declare("payments/bank", List.of(route(spec("1.0", "GET", "POST"))), T0);

        // Then
        ApiEndpoint api = changes.upserted().get(0);
        assertThat(api.source()).isEqualTo(ApiSource.SPEC);
        assertThat(api.spec()).isEqualTo(new ApiEndpoint.Spec(REFERENCE, "3.1.0", "Accounts", "1.0", null));
        assertThat(api.operations())
                .extracting(
                        ApiEndpoint.Operation::method,
                        ApiEndpoint.Operation::pathTemplate,
                        ApiEndpoint.Operation::callCount,
                        ApiEndpoint.Operation::origin)
                .containsExactly(
                        tuple("GET", "/accounts/{accountId}", 2L, OperationOrigin.SPEC),
                        tuple("POST", "/accounts/{accountId}", 0L, OperationOrigin.SPEC),
                        tuple("DELETE", "/accounts/{id}", 1L, OperationOrigin.TRAFFIC));
        assertThat(api.operations().get(0).lastSeen()).isEqualTo(T0.plusSeconds(2));
        assertThat(api.operations().get(1).lastSeen()).isNull();
        assertThat(changes.documents()).containsExactly(new SpecDocument(api.id(), REFERENCE, "doc 1.0"));
    }

    @Test
    void callsToASpecApiAreCountedUnderTheSpecsTemplate() {
        // Given
        inventory.declare("payments/bank", List.of(route(spec("1.0", "GET"))), T0);

        // When
        Inventory.Changes declaredCall =
                inventory.observe("api.bank.example", "GET", "/accounts/77", T0.plusSeconds(1));
        Inventory.Changes undeclaredMethod =
                inventory.observe("api.bank.example", "PATCH", "/accounts/77", T0.plusSeconds(2));

        // Then: the first is a counter on the declared operation; the second a new traffic operation
        assertThat(declaredCall.upserted().get(0).operations())
                .singleElement()
                .satisfies(operation -> assertThat(operation.callCount()).isEqualTo(1));
        assertThat(undeclaredMethod.upserted().get(0).operations())
                .extracting(ApiEndpoint.Operation::method, ApiEndpoint.Operation::origin)
                .containsExactly(tuple("GET", OperationOrigin.SPEC), tuple("PATCH", OperationOrigin.TRAFFIC));
        assertThat(undeclaredMethod.upserted().get(0).operations().get(1).pathTemplate())
                .isEqualTo("/accounts/{accountId}");
    }

    @Test
    void theSameSpecAgainChangesNothingAndANewVersionIsAnnounced() {
        // Given
        inventory.declare("payments/bank", List.of(route(spec("1.0", "GET"))), T0);

        // When
        Inventory.Changes same = inventory.declare("payments/bank", List.of(route(spec("1.0", "GET"))), T0);
        Inventory.Changes newer = inventory.declare("payments/bank", List.of(route(spec("1.1", "GET"))), T0);

        // Then
        assertThat(same.isEmpty()).isTrue();
        assertThat(newer.upserted().get(0).spec().version()).isEqualTo("1.1");
        assertThat(newer.documents()).extracting(SpecDocument::document).containsExactly("doc 1.1");
    }

    @Test
    void aNewRequestContractOrValidationModeUnderTheSameVersionIsAnnounced() {
        // Given
        inventory.declare("payments/bank", List.of(route(spec("1.0", "GET"))), T0);
        RequestContract tightened = new RequestContract(
                List.of(new RequestContract.Parameter(
                        "accountId",
                        RequestContract.ParameterLocation.PATH,
                        true,
                        JsonNodeFactory.instance.objectNode().put("type", "integer"))),
                false,
                Map.of());
        SpecFacts.OperationFacts get = new SpecFacts.OperationFacts(
                "GET", "/accounts/{accountId}", "getAccount", true, List.of(), false, tightened);
        SpecLoad sameVersion =
                SpecLoad.read(REFERENCE, new SpecFacts("3.1.0", "Accounts", "1.0", List.of(get)), "doc 1.0 tightened");

        // When
        Inventory.Changes contract = inventory.declare("payments/bank", List.of(route(sameVersion)), T0);
        Inventory.Changes mode = inventory.declare(
                "payments/bank", List.of(route(sameVersion.withValidation(SpecValidation.ENFORCE))), T0);
        Inventory.Changes again = inventory.declare(
                "payments/bank", List.of(route(sameVersion.withValidation(SpecValidation.ENFORCE))), T0);

        // Then
        assertThat(contract.upserted())
                .singleElement()
                .satisfies(api -> assertThat(api.operations().get(0).request()).isEqualTo(tightened));
        assertThat(mode.upserted())
                .singleElement()
                .satisfies(api -> assertThat(api.spec().validation()).isEqualTo(SpecValidation.ENFORCE));
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void aSpecInErrorDeclaresNothingKeepsCalledOperationsAndRemovesTheStoredDocument() {
        // Given
        inventory.declare("payments/bank", List.of(route(spec("1.0", "GET", "POST"))), T0);
        inventory.observe("api.bank.example", "GET", "/accounts/1", T0.plusSeconds(1));

        // When
        Inventory.Changes failed =
                inventory.declare("payments/bank", List.of(route(SpecLoad.failed(REFERENCE, "ConfigMap gone"))), T0);

        // Then
        ApiEndpoint api = failed.upserted().get(0);
        assertThat(api.source()).isEqualTo(ApiSource.INGRESS);
        assertThat(api.spec().error()).isEqualTo("ConfigMap gone");
        assertThat(api.spec().readable()).isFalse();
        assertThat(api.operations())
                .extracting(ApiEndpoint.Operation::method, ApiEndpoint.Operation::origin)
                .containsExactly(tuple("GET", OperationOrigin.TRAFFIC));
        assertThat(failed.documents()).containsExactly(new SpecDocument(api.id(), REFERENCE, null));
    }

    @Test
    void aNewLeadersSnapshotCarriesTheDocuments() {
        // Given
        inventory.declare("payments/bank", List.of(route(spec("1.0", "GET"))), T0);

        // When
        Inventory.Changes snapshot = inventory.snapshot();

        // Then
        assertThat(snapshot.documents()).extracting(SpecDocument::document).containsExactly("doc 1.0");
    }

    @Test
    void specTemplatesCoverConcretePathsAndLearnedTemplatesSegmentBySegment() {
        assertThat(SpecTemplates.covers("/accounts/{accountId}", "/accounts/1044"))
                .isTrue();
        assertThat(SpecTemplates.covers("/accounts/{accountId}", "/accounts/{id}"))
                .isTrue();
        assertThat(SpecTemplates.covers("/accounts/{accountId}/statements", "/accounts/1/statements"))
                .isTrue();
        assertThat(SpecTemplates.covers("/accounts/{accountId}", "/accounts")).isFalse();
        assertThat(SpecTemplates.covers("/accounts/{accountId}", "/accounts/")).isFalse();
        assertThat(SpecTemplates.covers("/accounts/{accountId}", "/accounts/1/statements"))
                .isFalse();
        assertThat(SpecTemplates.covers("/accounts/me", "/accounts/mex")).isFalse();
        assertThat(SpecTemplates.covers("/accounts/me", "/accounts/me")).isTrue();
        assertThat(SpecTemplates.covers("/", "/")).isTrue();
    }

    private static SpecLoad spec(String version, String... methods) {
        List<SpecFacts.OperationFacts> operations = java.util.Arrays.stream(methods)
                .map(method -> new SpecFacts.OperationFacts(
                        method, "/accounts/{accountId}", method.toLowerCase() + "Account", true, List.of(), false))
                .toList();
        return SpecLoad.read(REFERENCE, new SpecFacts("3.1.0", "Accounts", version, operations), "doc " + version);
    }

    private static DeclaredRoute route(SpecLoad spec) {
        return new DeclaredRoute(
                "api.bank.example",
                "/accounts",
                MatchType.PREFIX,
                new Backend("accounts", "8080"),
                "payments",
                "payments/bank",
                "nginx",
                true,
                Exposure.EXTERNAL,
                Map.of(),
                spec);
    }
}
