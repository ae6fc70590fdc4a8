package io.apiguard.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
