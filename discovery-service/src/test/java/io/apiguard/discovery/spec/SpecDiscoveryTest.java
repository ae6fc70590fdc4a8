package io.apiguard.discovery.spec;

import static io.apiguard.testing.oidc.Tokens.APP;
import static io.apiguard.testing.oidc.Tokens.anonymously;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.OperationOrigin;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.discovery.CallPublisher;
import io.apiguard.discovery.InventoryEvents;
import io.apiguard.discovery.cluster.ClusterDiscoveryTestSupport;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * Specs named by annotations on the (mock) cluster reach the inventory: the API's source, version and declared
 * operations follow the ConfigMap, traffic the spec does not declare is marked so, and a spec that cannot be read is
 * an error on the API, never a lost API.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class SpecDiscoveryTest {

    static final String SPEC_V1 = """
            openapi: 3.1.0
            info: {title: Payments, version: 1.0.0}
            security: [{bearer: []}]
            paths:
              /payments/{paymentId}:
                get: {operationId: getPayment}
            """;

    static final String SPEC_V2 = """
            openapi: 3.1.0
            info: {title: Payments, version: 2.0.0}
            security: [{bearer: []}]
            paths:
              /payments/{paymentId}:
                get: {operationId: getPayment}
              /payments:
                post:
                  operationId: createPayment
                  requestBody:
                    content:
                      application/json:
                        schema: {type: object, properties: {note: {type: string}}}
            """;

    @Inject
    KubernetesClient client;

    private InventoryEvents events;
    private CallPublisher calls;

    @BeforeEach
    void connect() {
        events = new InventoryEvents();
        calls = new CallPublisher();
    }

    @AfterEach
    void disconnect() {
        events.close();
        calls.close();
    }

    @Test
    void anAnnotatedIngressWithItsConfigMapIsASpecApiThatFollowsTheConfigMap() throws Exception {
        // Given
        configMap("specs", "payments-openapi", "openapi.yaml", SPEC_V1, true);

        // When
        ingress("specs", "payments", "payments.example", "/payments", "payments-openapi/openapi.yaml");

        // Then
        var declared =
                events.awaitEvent(event -> event.change().endpoint().host().equals("payments.example")
                        && event.change().endpoint().spec() != null);
        ApiEndpoint api = declared.change().endpoint();
        assertThat(api.source()).isEqualTo(ApiSource.SPEC);
        assertThat(api.spec().version()).isEqualTo("1.0.0");
        assertThat(api.spec().title()).isEqualTo("Payments");
        assertThat(api.spec().reference()).isEqualTo("configmap:specs/payments-openapi/openapi.yaml");
        assertThat(api.operations())
                .extracting(ApiEndpoint.Operation::method, ApiEndpoint.Operation::pathTemplate, o -> o.origin())
                .containsExactly(tuple("GET", "/payments/{paymentId}", OperationOrigin.SPEC));
        assertThat(api.operations().get(0).secured()).isTrue();
        asWorkload(APP)
                .get("/api/v1/apis/" + api.id() + "/openapi")
                .then()
                .statusCode(200)
                .contentType("application/yaml")
                .body(containsString("version: 1.0.0"));
        anonymously().get("/api/v1/apis/" + api.id() + "/openapi").then().statusCode(401);

        // When the ConfigMap changes
        configMap("specs", "payments-openapi", "openapi.yaml", SPEC_V2, true);

        // Then
        var changed = events.awaitEvent(event -> event.key().equals(api.id())
                && event.change().endpoint().spec() != null
                && "2.0.0".equals(event.change().endpoint().spec().version()));
        assertThat(changed.change().endpoint().operations())
                .extracting(ApiEndpoint.Operation::method, ApiEndpoint.Operation::pathTemplate)
                .containsExactly(tuple("GET", "/payments/{paymentId}"), tuple("POST", "/payments"));
        ApiEndpoint.Operation create = changed.change().endpoint().operations().get(1);
        assertThat(create.openWriteBody()).isTrue();
        assertThat(create.unboundedInputs()).containsExactly("body.note");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/apis/" + api.id() + "/openapi")
                        .then()
                        .statusCode(200)
                        .body(containsString("createPayment")));

        // When traffic calls a declared operation and one the spec does not declare
        calls.publish("payments.example", "GET", "/payments/7781");
        calls.publish("payments.example", "DELETE", "/payments/7781");

        // Then: the declared one is counted under the spec's template; the other is traffic's
        var called = events.awaitEvent(event -> event.key().equals(api.id())
                && event.change().endpoint().operations().size() == 3);
        assertThat(called.change().endpoint().operations())
                .extracting(ApiEndpoint.Operation::method, ApiEndpoint.Operation::pathTemplate, o -> o.origin())
                .containsExactly(
                        tuple("GET", "/payments/{paymentId}", OperationOrigin.SPEC),
                        tuple("POST", "/payments", OperationOrigin.SPEC),
                        tuple("DELETE", "/payments/{paymentId}", OperationOrigin.TRAFFIC));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/apis/" + api.id())
                        .then()
                        .body("operations[0].callCount", equalTo(1))
                        .body("operations[2].origin", equalTo("traffic")));

        // When the ConfigMap is deleted
        client.configMaps().inNamespace("specs").withName("payments-openapi").delete();

        // Then: the API stays, with the error; what traffic called stays as traffic, the rest of the spec goes
        var gone = events.awaitEvent(event -> event.key().equals(api.id())
                && event.change().endpoint().spec() != null
                && event.change().endpoint().spec().error() != null);
        assertThat(gone.change().endpoint().spec().error()).contains("ConfigMap specs/payments-openapi not found");
        assertThat(gone.change().endpoint().source()).isEqualTo(ApiSource.INGRESS);
        assertThat(gone.change().endpoint().operations())
                .extracting(ApiEndpoint.Operation::method, o -> o.origin())
                .containsExactly(tuple("GET", OperationOrigin.TRAFFIC), tuple("DELETE", OperationOrigin.TRAFFIC));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/apis/" + api.id() + "/openapi")
                        .then()
                        .statusCode(404)
                        .contentType("application/problem+json"));
    }

    @Test
    void theAnnotationOnTheServiceBehindTheIngressNamesTheSpecAndItsValidationMode() {
        // Given: a 3.0 spec whose write body has a server-owned id, on a Service that asks for enforcement
        configMap("specs-svc", "refunds-openapi", "spec.json", """
                {"openapi": "3.0.3", "info": {"title": "Refunds", "version": "0.9"},
                 "paths": {"/refunds": {"get": {},
                   "post": {"operationId": "createRefund",
                     "parameters": [{"name": "X-Idempotency-Key", "in": "header", "required": true,
                                     "schema": {"type": "string", "maxLength": 64}}],
                     "requestBody": {"required": true, "content": {"application/json": {
                       "schema": {"$ref": "#/components/schemas/Refund"}}}}}}},
                 "components": {"schemas": {"Refund": {"type": "object", "required": ["amount"],
                   "additionalProperties": false,
                   "properties": {"id": {"type": "string", "readOnly": true},
                                  "amount": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
                                  "note": {"type": "string", "nullable": true}}}}}}
                """, true);
        client.services()
                .inNamespace("specs-svc")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("refunds-api")
                        .addToAnnotations(ApiSpecs.ANNOTATION, "refunds-openapi/spec.json")
                        .addToAnnotations(SpecValidation.ANNOTATION, "enforce")
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withPort(8080)
                        .endPort()
                        .endSpec()
                        .build())
                .create();

        // When
        ingress("specs-svc", "refunds", "refunds.example", "/refunds", null);

        // Then
        var declared =
                events.awaitEvent(event -> event.change().endpoint().host().equals("refunds.example")
                        && event.change().endpoint().spec() != null);
        ApiEndpoint api = declared.change().endpoint();
        assertThat(api.spec().version()).isEqualTo("0.9");
        assertThat(api.spec().validation()).isEqualTo(SpecValidation.ENFORCE);
        assertThat(api.operations()).hasSize(2).allSatisfy(operation -> {
            assertThat(operation.declared()).isTrue();
            assertThat(operation.secured()).isFalse();
            assertThat(operation.request()).isNotNull();
        });
        RequestContract create = api.operations().get(1).request();
        assertThat(create.bodyRequired()).isTrue();
        assertThat(create.parameters()).singleElement().satisfies(parameter -> {
            assertThat(parameter.name()).isEqualTo("X-Idempotency-Key");
            assertThat(parameter.in()).isEqualTo(RequestContract.ParameterLocation.HEADER);
            assertThat(parameter.required()).isTrue();
        });
        JsonNode refund = create.bodies().get("application/json");
        assertThat(refund.at("/properties/id").asBoolean(true))
                .as("a read-only id must not be sent")
                .isFalse();
        assertThat(refund.at("/properties/amount/exclusiveMinimum").asInt(-1)).isZero();
        assertThat(refund.at("/properties/note/type").toString()).isEqualTo("[\"string\",\"null\"]");

        // and the stored inventory serves the same contract
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/apis/" + api.id())
                        .then()
                        .statusCode(200)
                        .body("spec.validation", equalTo("enforce"))
                        .body("operations[1].request.bodies.'application/json'.properties.id", equalTo(false))
                        .body("operations[1].request.parameters[0].name", equalTo("X-Idempotency-Key")));
    }

    @Test
    void anUnknownValidationModeIsIgnoredAndTheSpecStaysReadable() {
        // Given
        configMap("specs-mode", "orders-openapi", "openapi.yaml", SPEC_V1, true);
        Ingress ingress = ClusterDiscoveryTestSupport.annotated(
                "orders", "orders.example", "/payments", "orders-openapi/openapi.yaml");
        ingress.getMetadata()
                .setAnnotations(Map.of(
                        ApiSpecs.ANNOTATION, "orders-openapi/openapi.yaml", SpecValidation.ANNOTATION, "strict"));

        // When
        client.network()
                .v1()
                .ingresses()
                .inNamespace("specs-mode")
                .resource(ingress)
                .create();

        // Then: the default applies (no mode on the spec), and the spec's contracts are there
        ApiEndpoint.Spec spec = events.awaitSpec("orders.example");
        assertThat(spec.readable()).isTrue();
        assertThat(spec.validation()).isNull();
        var declared =
                events.awaitEvent(event -> event.change().endpoint().host().equals("orders.example")
                        && event.change().endpoint().spec() != null);
        assertThat(declared.change().endpoint().operations())
                .singleElement()
                .satisfies(operation -> assertThat(operation.request()).isNotNull());
    }

    @Test
    void aMissingConfigMapABadDocumentAndAnOversizedOneAreErrorsOnTheApiNotLostApis() {
        // Given
        configMap("specs-bad", "broken", "openapi.yaml", "openapi: 3.1.0\npaths: [unclosed", true);
        configMap("specs-bad", "huge", "openapi.yaml", "openapi: 3.1.0\n# " + "x".repeat(2_100_000), true);
        configMap("specs-bad", "unlabelled", "openapi.yaml", SPEC_V1, false);

        // When
        ingress("specs-bad", "missing", "missing.example", "/m", "absent/openapi.yaml");
        ingress("specs-bad", "broken", "broken.example", "/b", "broken/openapi.yaml");
        ingress("specs-bad", "huge", "huge.example", "/h", "huge/openapi.yaml");
        ingress("specs-bad", "unlabelled", "unlabelled.example", "/u", "unlabelled/openapi.yaml");
        ingress("specs-bad", "malformed", "malformed.example", "/x", "no-key-here");
        ingress("specs-bad", "nokey", "nokey.example", "/k", "broken/other.yaml");

        // Then
        assertThat(errorOf("missing.example")).contains("ConfigMap specs-bad/absent not found");
        assertThat(errorOf("broken.example")).startsWith("the document is neither YAML nor JSON");
        assertThat(errorOf("huge.example")).contains("more than the limit of 2097152");
        assertThat(errorOf("unlabelled.example")).contains("labelled apiguard.io/openapi");
        assertThat(errorOf("malformed.example")).contains("must name <configmap>/<key>");
        assertThat(errorOf("nokey.example")).isEqualTo("ConfigMap specs-bad/broken has no key other.yaml");
        String id = asViewer()
                .queryParam("host", "broken.example")
                .get("/api/v1/apis")
                .path("items[0].id");
        asViewer()
                .get("/api/v1/apis/" + id)
                .then()
                .statusCode(200)
                .body("source", equalTo("ingress"))
                .body("spec.error", containsString("neither YAML nor JSON"));
        asViewer()
                .get("/api/v1/apis/" + id + "/openapi")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        int specErrors = asViewer()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .extract()
                .path("evidence.discovery.specErrors");
        assertThat(specErrors)
                .as("status counts the APIs whose spec is in error")
                .isGreaterThanOrEqualTo(5);
    }

    private String errorOf(String host) {
        return events.awaitSpec(host).error();
    }

    private void configMap(String namespace, String name, String key, String document, boolean labelled) {
        ConfigMapBuilder builder =
                new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata();
        if (labelled) {
            builder.editMetadata().addToLabels(ApiSpecs.ANNOTATION, "true").endMetadata();
        }
        ConfigMap configMap = builder.addToData(key, document).build();
        client.configMaps().inNamespace(namespace).resource(configMap).createOr(existing -> existing.update());
    }

    private void ingress(String namespace, String name, String host, String path, String annotation) {
        client.network()
                .v1()
                .ingresses()
                .inNamespace(namespace)
                .resource(ClusterDiscoveryTestSupport.annotated(name, host, path, annotation))
                .create();
    }
}
