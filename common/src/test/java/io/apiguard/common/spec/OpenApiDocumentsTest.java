package io.apiguard.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.json.EventJson;

class OpenApiDocumentsTest {

    private final OpenApiDocuments documents = new OpenApiDocuments(64 * 1024);

    static final String ACCOUNTS = """
            openapi: 3.1.0
            info: {title: Accounts, version: 2.4.0}
            servers: [{url: "https://api.example/v1/"}]
            security: [{bearer: []}]
            paths:
              /accounts/{accountId}:
                parameters:
                  - {name: accountId, in: path, required: true, schema: {type: string, pattern: "^[0-9]+$"}}
                get:
                  operationId: getAccount
                put:
                  operationId: replaceAccount
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: "#/components/schemas/Account"}
              /health:
                get:
                  security: [{}]
              /accounts:
                post:
                  security: []
                  parameters:
                    - {name: tag, in: query, schema: {type: array, items: {type: string, maxLength: 8}}}
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          additionalProperties: false
                          properties:
                            name: {type: [string, "null"]}
                            kind: {type: string, enum: [a, b]}
            components:
              schemas:
                Account:
                  type: object
                  properties:
                    owner: {type: string, maxLength: 40}
                    parent: {$ref: "#/components/schemas/Account"}
                    notes: {type: string}
            """;

    @Test
    void readsTheIdentityAndEveryOperationBehindTheServersPath() throws SpecException {
        // When
        SpecFacts facts = documents.read(ACCOUNTS);

        // Then
        assertThat(facts.openapi()).isEqualTo("3.1.0");
        assertThat(facts.title()).isEqualTo("Accounts");
        assertThat(facts.version()).isEqualTo("2.4.0");
        assertThat(facts.operations())
                .extracting(SpecFacts.OperationFacts::method, SpecFacts.OperationFacts::pathTemplate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET", "/v1/accounts/{accountId}"),
                        org.assertj.core.groups.Tuple.tuple("PUT", "/v1/accounts/{accountId}"),
                        org.assertj.core.groups.Tuple.tuple("GET", "/v1/health"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/v1/accounts"));
    }

    @Test
    void anOperationIsSecuredByItsOwnRequirementOrTheDocumentsButNotByAnOptionalOne() throws SpecException {
        // When
        SpecFacts facts = documents.read(ACCOUNTS);

        // Then: the document's bearer applies to getAccount; {} makes /health optional; [] turns it off on POST
        assertThat(facts.operations())
                .extracting(SpecFacts.OperationFacts::secured)
                .containsExactly(true, true, false, false);
        assertThat(facts.operations().get(0).operationId()).isEqualTo("getAccount");
    }

    @Test
    void unboundedStringsAndArraysAreNamedThroughReferencesAndCycles() throws SpecException {
        // When
        SpecFacts facts = documents.read(ACCOUNTS);

        // Then: the recursive Account schema is walked once; bounded fields (pattern, maxLength, enum) are not named
        assertThat(facts.operations().get(0).unboundedInputs()).isEmpty();
        assertThat(facts.operations().get(1).unboundedInputs()).containsExactly("body.notes");
        assertThat(facts.operations().get(3).unboundedInputs()).containsExactly("query.tag[]", "body.name");
    }

    @Test
    void aWriteBodyWithoutAdditionalPropertiesFalseIsOpen() throws SpecException {
        // When
        SpecFacts facts = documents.read(ACCOUNTS);

        // Then
        assertThat(facts.operations().get(1).openWriteBody()).isTrue();
        assertThat(facts.operations().get(3).openWriteBody()).isFalse();
        assertThat(facts.operations().get(0).openWriteBody()).isFalse();
    }

    @Test
    void readsJsonToo() throws SpecException {
        // Given
        String json = """
                {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                 "paths": {"/a": {"get": {"security": [{"key": []}]}}}}
                """;

        // When
        SpecFacts facts = documents.read(json);

        // Then
        assertThat(facts.operations()).singleElement().satisfies(operation -> {
            assertThat(operation.pathTemplate()).isEqualTo("/a");
            assertThat(operation.secured()).isTrue();
        });
    }

    @Test
    void anOversizedDocumentIsRefusedUnread() {
        // Given
        String large = "openapi: 3.1.0\n# " + "x".repeat(70 * 1024) + "\n";

        // When / Then
        assertThatThrownBy(() -> documents.read(large))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("more than the limit of 65536");
    }

    @Test
    void badYamlSwaggerTwoAndMissingInfoAreRefusedWithTheReason() {
        assertThatThrownBy(() -> documents.read("openapi: 3.1.0\npaths: [unclosed"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("the document is neither YAML nor JSON");
        assertThatThrownBy(() -> documents.read("swagger: '2.0'\ninfo: {title: a, version: b}"))
                .hasMessageContaining("Swagger 2.0 is not supported");
        assertThatThrownBy(() -> documents.read("openapi: 3.0.0\npaths: {}"))
                .hasMessageContaining("info.title and info.version are required");
        assertThatThrownBy(() -> documents.read("- a list")).hasMessageContaining("not an object");
    }

    @Test
    void aYamlAliasBombIsRefused() {
        // Given: each level doubles the one before; without the alias limit this expands past memory
        StringBuilder bomb = new StringBuilder("openapi: 3.1.0\na0: &a0 [x, x]\n");
        for (int i = 1; i < 60; i++) {
            bomb.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }

        // When / Then
        assertThatThrownBy(() -> documents.read(bomb.toString())).isInstanceOf(SpecException.class);
    }

    // The request contracts: what the sidecar's positive model checks each call against.

    static final String PETS_30 = """
            openapi: 3.0.3
            info: {title: Pets, version: "1"}
            paths:
              /pets/{petId}:
                parameters:
                  - {$ref: "#/components/parameters/PetId"}
                  - {name: X-Request-Id, in: header, required: true, schema: {type: string}}
                  - {name: verbose, in: query, schema: {type: boolean}}
                put:
                  operationId: replacePet
                  parameters:
                    - {name: x-request-id, in: header, required: false, schema: {type: string, maxLength: 64}}
                    - {name: Authorization, in: header, required: true, schema: {type: string}}
                    - {name: session, in: cookie, schema: {type: string}}
                  requestBody:
                    $ref: "#/components/requestBodies/PetBody"
                get:
                  operationId: getPet
            components:
              parameters:
                PetId: {name: petId, in: path, schema: {type: integer, minimum: 1, exclusiveMinimum: true}}
              requestBodies:
                PetBody:
                  required: true
                  content:
                    "Application/JSON; charset=utf-8":
                      schema: {$ref: "#/components/schemas/Pet"}
                    application/x-www-form-urlencoded: {}
              schemas:
                Pet:
                  type: object
                  required: [id, name]
                  additionalProperties: false
                  discriminator: {propertyName: kind}
                  xml: {name: pet}
                  externalDocs: {url: "https://docs.example/pet"}
                  example: {id: 1, name: Rex}
                  description: A pet.
                  x-internal: true
                  properties:
                    id: {type: integer, readOnly: true}
                    isAdmin: {allOf: [{$ref: "#/components/schemas/ServerOwned"}]}
                    name: {type: string, nullable: true, maxLength: 40}
                    tag: {$ref: "#/components/schemas/Tag", description: ignored beside a 3.0 $ref}
                    weight: {type: number, maximum: 90, exclusiveMaximum: false}
                    owner: {$ref: "https://schemas.example/owner.json"}
                ServerOwned: {type: boolean, readOnly: true}
                Tag: {type: string, enum: [cat, dog]}
            """;

    @Test
    void referencesAreInlinedSoEachSchemaStandsAlone() throws SpecException {
        // When
        RequestContract replace = contract(PETS_30, 0);

        // Then: the requestBodies, parameters and schemas references are gone, their content inlined
        assertThat(replace.bodyRequired()).isTrue();
        JsonNode pet = replace.bodies().get("application/json");
        assertThat(pet.toString()).doesNotContain("$ref");
        assertThat(pet.path("properties").path("tag"))
                .isEqualTo(json("{\"type\":\"string\",\"enum\":[\"cat\",\"dog\"]}"));
        assertThat(replace.parameters().get(0))
                .isEqualTo(new RequestContract.Parameter(
                        "petId",
                        RequestContract.ParameterLocation.PATH,
                        true,
                        json("{\"type\":\"integer\",\"exclusiveMinimum\":1}")));
        // a remote reference is not fetched: unknown, so anything passes there
        assertThat(pet.path("properties").path("owner")).isEqualTo(json("{}"));
    }

    @Test
    void thePathItemsAndTheOperationsParametersMergeTheOperationWinningHeadersByAnyCase() throws SpecException {
        // When
        RequestContract replace = contract(PETS_30, 0);
        RequestContract get = contract(PETS_30, 1);

        // Then: x-request-id replaces X-Request-Id; Authorization is the security scheme's, not a parameter
        assertThat(replace.parameters())
                .extracting(
                        RequestContract.Parameter::name,
                        RequestContract.Parameter::in,
                        RequestContract.Parameter::required)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("petId", RequestContract.ParameterLocation.PATH, true),
                        org.assertj.core.groups.Tuple.tuple(
                                "x-request-id", RequestContract.ParameterLocation.HEADER, false),
                        org.assertj.core.groups.Tuple.tuple("verbose", RequestContract.ParameterLocation.QUERY, false),
                        org.assertj.core.groups.Tuple.tuple(
                                "session", RequestContract.ParameterLocation.COOKIE, false));
        assertThat(replace.parameters().get(1).schema()).isEqualTo(json("{\"type\":\"string\",\"maxLength\":64}"));
        // the operation without parameters of its own has the path item's, and no body
        assertThat(get.parameters())
                .extracting(RequestContract.Parameter::name)
                .containsExactly("petId", "X-Request-Id", "verbose");
        assertThat(get.takesBody()).isFalse();
        assertThat(get.bodyRequired()).isFalse();
    }

    @Test
    void openApi30IsConvertedToJsonSchema2020AndItsOwnKeywordsDropped() throws SpecException {
        // When
        RequestContract replace = contract(PETS_30, 0);

        // Then
        JsonNode pet = replace.bodies().get("application/json");
        assertThat(pet.path("properties").path("name"))
                .as("nullable: true is a null type")
                .isEqualTo(json("{\"type\":[\"string\",\"null\"],\"maxLength\":40}"));
        assertThat(pet.path("properties").path("weight"))
                .as("exclusiveMaximum: false is the plain maximum")
                .isEqualTo(json("{\"type\":\"number\",\"maximum\":90}"));
        assertThat(pet.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("type", "required", "additionalProperties", "properties");
        // media types lower-cased without parameters; a media type without a schema takes any body
        assertThat(replace.bodies()).containsOnlyKeys("application/json", "application/x-www-form-urlencoded");
        assertThat(replace.bodies().get("application/x-www-form-urlencoded")).isEqualTo(json("{}"));
    }

    @Test
    void aReadOnlyPropertyIsForbiddenInARequestAndNoLongerRequired() throws SpecException {
        // When
        JsonNode pet = contract(PETS_30, 0).bodies().get("application/json");

        // Then: id (read-only itself) and isAdmin (read-only through its allOf) must not be sent
        assertThat(pet.path("properties").path("id")).isEqualTo(json("false"));
        assertThat(pet.path("properties").path("isAdmin")).isEqualTo(json("false"));
        assertThat(pet.path("required")).isEqualTo(json("[\"name\"]"));
    }

    @Test
    void aRecursiveSchemaIsUnfoldedABoundedNumberOfTimesThenAcceptsAnything() throws SpecException {
        // Given
        String recursive = """
                openapi: 3.1.0
                info: {title: Tree, version: "1"}
                paths:
                  /nodes:
                    post:
                      requestBody:
                        content:
                          application/json:
                            schema: {$ref: "#/components/schemas/Node"}
                components:
                  schemas:
                    Node:
                      type: object
                      properties:
                        name: {type: string}
                        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
                        self: {$ref: "#/components/schemas/Self"}
                    Self: {$ref: "#/components/schemas/Self"}
                """;

        // When
        JsonNode node = contract(recursive, 0).bodies().get("application/json");

        // Then: Node inside Node inside Node, and the third level is {}
        JsonNode child = node.at("/properties/children/items");
        assertThat(child.at("/properties/name")).isEqualTo(json("{\"type\":\"string\"}"));
        assertThat(child.at("/properties/children/items")).isEqualTo(json("{}"));
        assertThat(node.at("/properties/self")).isEqualTo(json("{}"));
    }

    @Test
    void aContractTooLargeOrTooDeepIsDroppedForItsOperationWithTheReasonAndTheRestIsKept() throws SpecException {
        // Given: one body of 300 properties, one nested 14 levels deep, one small
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            wide.append("p").append(i).append(": {type: string, maxLength: 10},");
        }
        String deep = "{type: string}";
        for (int i = 0; i < 14; i++) {
            deep = "{type: object, properties: {a: " + deep + "}}";
        }
        String document = """
                openapi: 3.1.0
                info: {title: Big, version: "1"}
                paths:
                  /wide:
                    post:
                      requestBody: {content: {application/json: {schema: {type: object, properties: {%s}}}}}
                  /deep:
                    post:
                      requestBody: {content: {application/json: {schema: %s}}}
                  /small:
                    post:
                      requestBody: {content: {application/json: {schema: {type: object}}}}
                """.formatted(wide, deep);
        OpenApiDocuments small = new OpenApiDocuments(64 * 1024, 4 * 1024, 64 * 1024);

        // When
        List<SpecFacts.OperationFacts> operations = small.read(document).operations();

        // Then
        assertThat(operations.get(0).request()).isNull();
        assertThat(operations.get(0).requestOmitted())
                .contains("the request contract")
                .contains("limit of 4096");
        assertThat(operations.get(1).request()).isNull();
        assertThat(operations.get(1).requestOmitted()).contains("nests deeper than 12 levels");
        assertThat(operations.get(2).request().bodies()).containsKey("application/json");
        assertThat(operations.get(2).requestOmitted()).isNull();
        // and the default limit keeps the wide one
        assertThat(documents.read(document).operations().get(0).request()).isNotNull();
    }

    @Test
    void referencesThatFanOutExponentiallyCostBoundedWork() throws SpecException {
        // Given: each schema refers to the next four times, 4^8 copies of the last when inlined, in 40 operations
        StringBuilder schemas = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String next = "{$ref: '#/components/schemas/S" + (i + 1) + "'}";
            schemas.append("    S%d: {type: object, properties: {a: %s, b: %s, c: %s, d: %s}}\n"
                    .formatted(i, next, next, next, next));
        }
        schemas.append("    S8: {type: string}\n");
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            paths.append(
                    "  /p%d: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}}}}\n"
                            .formatted(i));
        }
        String document = "openapi: 3.1.0\ninfo: {title: Fan, version: '1'}\npaths:\n" + paths
                + "components:\n  schemas:\n" + schemas;

        // When
        List<SpecFacts.OperationFacts> operations = documents.read(document).operations();

        // Then: every contract is dropped, the first ones as too large, the later ones because the work ran out
        assertThat(operations)
                .hasSize(40)
                .allSatisfy(operation -> assertThat(operation.request()).isNull());
        assertThat(operations.get(0).requestOmitted()).contains("limit of 65536");
        assertThat(operations.get(39).requestOmitted()).contains("took all the work allowed");
    }

    @Test
    void referencesThatFanOutDoNotMultiplyTheWalkForUnboundedInputs() {
        // Given: 4 references a level, 10 levels, bounded strings at the bottom (nothing stops the walk early), in 40
        // operations: a million nodes each walked in full (10 of them took 11.5 s on 2 cores before the walk was
        // bounded)
        StringBuilder schemas = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String next = "{$ref: '#/components/schemas/S" + (i + 1) + "'}";
            schemas.append("    S%d: {type: object, properties: {a: %s, b: %s, c: %s, d: %s}}\n"
                    .formatted(i, next, next, next, next));
        }
        schemas.append("    S10: {type: string, maxLength: 5}\n");
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            paths.append(
                    "  /p%d: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}}}}\n"
                            .formatted(i));
        }
        String document = "openapi: 3.1.0\ninfo: {title: Fan, version: '1'}\npaths:\n" + paths
                + "components:\n  schemas:\n" + schemas;

        // When / Then
        SpecFacts facts = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10), () -> documents.read(document));
        assertThat(facts.operations())
                .hasSize(40)
                .allSatisfy(operation -> assertThat(operation.unboundedInputs()).isEmpty());
    }

    @Test
    void aRequestBodyTheDocumentDoesNotHoldDropsTheContractRatherThanDeclaringNoBody() throws SpecException {
        // Given
        String document = """
                openapi: 3.0.3
                info: {title: Remote, version: "1"}
                paths:
                  /a:
                    post:
                      requestBody: {$ref: "https://specs.example/bodies.yaml#/Order"}
                  /b:
                    post:
                      requestBody: {$ref: "#/components/requestBodies/Missing"}
                """;

        // When
        List<SpecFacts.OperationFacts> operations = documents.read(document).operations();

        // Then
        assertThat(operations).hasSize(2).allSatisfy(operation -> {
            assertThat(operation.request()).isNull();
            assertThat(operation.requestOmitted()).contains("reference this document does not resolve");
        });
    }

    @Test
    void theContractsOfOneDocumentShareABudget() throws SpecException {
        // Given: ten operations of about 800 bytes each, 4 KiB for all
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            paths.append("  /p")
                    .append(i)
                    .append(":\n    post:\n      requestBody: {content: {application/json: "
                            + "{schema: {type: object, properties: {");
            for (int j = 0; j < 30; j++) {
                paths.append("f").append(j).append(": {type: string},");
            }
            paths.append("}}}}}\n");
        }
        String document = "openapi: 3.1.0\ninfo: {title: Many, version: '1'}\npaths:\n" + paths;

        // When
        List<SpecFacts.OperationFacts> operations = new OpenApiDocuments(64 * 1024, 4 * 1024, 4 * 1024)
                .read(document)
                .operations();

        // Then: the first ones have contracts, the later ones say why they have none
        assertThat(operations.get(0).request()).isNotNull();
        assertThat(operations.get(9).request()).isNull();
        assertThat(operations.get(9).requestOmitted()).contains("request contracts");
        assertThat(operations.stream().filter(operation -> operation.request() != null))
                .hasSizeBetween(4, 5);
    }

    @Test
    void openApi31SchemasPassThroughAsJsonSchema2020() throws SpecException {
        // Given: 3.1 is 2020-12 already: type lists, numeric exclusive bounds, const, $ref with siblings
        String document = """
                openapi: 3.1.0
                info: {title: Orders, version: "1"}
                paths:
                  /orders:
                    post:
                      requestBody:
                        required: true
                        content:
                          application/json:
                            schema:
                              type: object
                              unevaluatedProperties: false
                              properties:
                                note: {type: [string, "null"], maxLength: 200}
                                amount: {type: number, exclusiveMinimum: 0}
                                kind: {const: order}
                                nullable30: {type: string, nullable: true}
                                customer: {$ref: "#/components/schemas/Customer", maxProperties: 3}
                                pair: {type: array, prefixItems: [{type: string}, {type: integer}], items: false}
                components:
                  schemas:
                    Customer: {type: object, properties: {id: {type: string}}}
                """;

        // When
        RequestContract create = contract(document, 0);

        // Then
        JsonNode properties = create.bodies().get("application/json").path("properties");
        assertThat(create.bodies().get("application/json").path("unevaluatedProperties"))
                .isEqualTo(json("false"));
        assertThat(properties.path("note")).isEqualTo(json("{\"type\":[\"string\",\"null\"],\"maxLength\":200}"));
        assertThat(properties.path("amount")).isEqualTo(json("{\"type\":\"number\",\"exclusiveMinimum\":0}"));
        assertThat(properties.path("kind")).isEqualTo(json("{\"const\":\"order\"}"));
        assertThat(properties.path("nullable30"))
                .as("nullable is not a 3.1 keyword")
                .isEqualTo(json("{\"type\":\"string\"}"));
        assertThat(properties.path("customer"))
                .as("3.1 applies a $ref and its siblings both")
                .isEqualTo(
                        json(
                                "{\"maxProperties\":3,\"allOf\":[{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}]}"));
        assertThat(properties.path("pair"))
                .isEqualTo(json("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}],"
                        + "\"items\":false}"));
    }

    @Test
    void theContractSurvivesTheEventJson() throws SpecException, JsonProcessingException {
        // Given
        RequestContract replace = contract(PETS_30, 0);

        // When
        String wire = EventJson.mapper().writeValueAsString(replace);

        // Then
        assertThat(EventJson.mapper().readValue(wire, RequestContract.class)).isEqualTo(replace);
    }

    private RequestContract contract(String document, int operation) throws SpecException {
        SpecFacts.OperationFacts facts = documents.read(document).operations().get(operation);
        assertThat(facts.requestOmitted()).isNull();
        return facts.request();
    }

    private static JsonNode json(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
