package io.apiguard.discovery.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.json.EventJson;

class OpenApiExportTest {

    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    private static ApiEndpoint endpoint(
            String id, String host, String path, ApiSource source, List<ApiEndpoint.Operation> operations) {
        return new ApiEndpoint(
                id,
                host,
                path,
                path,
                MatchType.PREFIX,
                List.of("GET"),
                null,
                "shop",
                List.of(),
                Exposure.EXTERNAL,
                true,
                Map.of(),
                source,
                ApiState.ACTIVE,
                T0,
                T0,
                0,
                operations);
    }

    @Test
    void repeatedPathParametersGetDistinctNames() {
        assertThat(OpenApiExport.openApiPath("/accounts/{id}/cards/{id}/limits/{id}"))
                .isEqualTo("/accounts/{id}/cards/{id2}/limits/{id3}");
        assertThat(OpenApiExport.openApiPath("/health")).isEqualTo("/health");
        assertThat(OpenApiExport.openApiPath("")).isEqualTo("/");
    }

    @Test
    void learnedOperationsArePathsWithTheirMethodsAndDeclaredPathsStandAlone() {
        // Given: one API with two learned operations, one declared but never called, one on any host
        ApiEndpoint learned = endpoint(
                "api-1",
                "shop.example",
                "/accounts",
                ApiSource.INGRESS,
                List.of(
                        new ApiEndpoint.Operation("GET", "/accounts/{id}", 12, T0),
                        new ApiEndpoint.Operation("POST", "/accounts", 3, T0)));
        ApiEndpoint declared = endpoint("api-2", "admin.example", "/admin", null, List.of());
        ApiEndpoint anyHost = endpoint("api-3", "*", "/status", ApiSource.TRAFFIC, List.of());

        // When
        ObjectNode document = OpenApiExport.of(List.of(learned, declared, anyHost), EventJson.mapper());

        // Then
        assertThat(document.get("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.get("servers").findValuesAsText("url"))
                .containsExactly("https://admin.example", "https://shop.example");
        ObjectNode paths = (ObjectNode) document.get("paths");
        assertThat(paths.fieldNames()).toIterable().containsExactly("/accounts", "/accounts/{id}", "/admin", "/status");
        assertThat(paths.at("/~1accounts~1{id}/get/x-apiguard-call-count").asLong())
                .isEqualTo(12);
        assertThat(paths.at("/~1accounts/post/responses/default/description").asText())
                .isEqualTo("as observed");
        assertThat(paths.at("/~1accounts/x-apiguard-api-id").asText()).isEqualTo("api-1");
        assertThat(paths.at("/~1accounts/x-apiguard-source").asText()).isEqualTo("ingress");
        assertThat(paths.get("/admin").has("get")).isFalse();
        assertThat(paths.get("/admin").has("x-apiguard-source")).isFalse();
        assertThat(paths.at("/~1admin/x-apiguard-state").asText()).isEqualTo("active");
        assertThat(paths.at("/~1status/x-apiguard-host").asText()).isEqualTo("*");
    }
}
