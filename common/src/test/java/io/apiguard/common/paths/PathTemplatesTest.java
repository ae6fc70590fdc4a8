package io.apiguard.common.paths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/accounts/1044/statements, /accounts/{id}/statements",
        "/accounts/1044, /accounts/{id}",
        "/accounts/1044/, /accounts/{id}/",
        "/users/7d9c1a52-3b1e-4c1f-9f0a-2a7b9b1c0d11/orders/88, /users/{id}/orders/{id}",
        "/blobs/9f86d081884c7d659a2feaa0c55ad015, /blobs/{id}",
        "/files/aGVsbG8td29ybGQtMTIzNDU2Nzg5MA, /files/{id}",
        "/v1/accounts, /v1/accounts",
        "/v2/api-docs, /v2/api-docs",
        "/health, /health",
        "/, /",
        "'', /",
        "/statements/monthly-summary, /statements/monthly-summary",
        "/coffee/decaf, /coffee/decaf",
        "/items/deadbeef, /items/deadbeef",
        "/a//1, /a//{id}",
        "relative/42, relative/{id}"
    })
    void variableSegmentsBecomePlaceholders(String path, String expected) {
        assertThat(PathTemplates.template(path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"/accounts/{id}, true", "/accounts/12, true", "/accounts, false"})
    void recognisesTemplatedPaths(String path, boolean templated) {
        assertThat(PathTemplates.isTemplated(path)).isEqualTo(templated);
    }
}
