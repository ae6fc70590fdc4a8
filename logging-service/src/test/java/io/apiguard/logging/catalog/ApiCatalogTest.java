package io.apiguard.logging.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.paths.PathTemplates;

class ApiCatalogTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final ApiCatalog catalog = new ApiCatalog();

    @Test
    void aCallTakesItsApiAndTheTemplateTheInventoryKnows() {
        // Given
        catalog.apply(upsert(api(
                "api-users",
                "/users",
                ApiState.ACTIVE,
                new ApiEndpoint.Operation("GET", "/users/{userId}/orders", 10, T0))));

        // When / Then
        assertThat(catalog.match("api.example", "GET", "/users/ab12cd/orders"))
                .isEqualTo(new ApiCatalog.Match("api-users", "/users/{userId}/orders"));
        // no known operation for this one: the generic templating
        assertThat(catalog.match("api.example", "GET", "/users/42"))
                .isEqualTo(new ApiCatalog.Match("api-users", "/users/{id}"));
        assertThat(catalog.match("api.example", "POST", "/users/ab12cd/orders").pathTemplate())
                .isEqualTo("/users/ab12cd/orders");
        assertThat(catalog.match("other.example", "GET", "/users/42"))
                .isEqualTo(new ApiCatalog.Match(null, "/users/{id}"));
    }

    @Test
    void removedApisNoLongerMatchAndZombiesAreNotLive() {
        // Given
        catalog.apply(upsert(api("api-users", "/users", ApiState.ACTIVE)));
        catalog.apply(upsert(api("api-legacy", "/legacy", ApiState.ZOMBIE)));
        assertThat(catalog.liveApiIds()).containsExactly("api-users");

        // When
        catalog.apply(new InventoryChange(ChangeKind.REMOVED, api("api-users", "/users", ApiState.ACTIVE), T0));

        // Then
        assertThat(catalog.match("api.example", "GET", "/users/42").apiId()).isNull();
        assertThat(catalog.liveApiIds()).isEmpty();
        assertThat(catalog.size()).isEqualTo(1);
    }

    @Test
    void templatesMatchSegmentBySegment() {
        assertThat(PathTemplates.fits("/a/{x}/b", "/a/1/b")).isTrue();
        assertThat(PathTemplates.fits("/a/{x}/b", "/a//b")).isFalse();
        assertThat(PathTemplates.fits("/a/{x}", "/a/1/b")).isFalse();
        assertThat(PathTemplates.fits("/a/{x}/b", "/a/1")).isFalse();
    }

    private static InventoryChange upsert(ApiEndpoint endpoint) {
        return new InventoryChange(ChangeKind.UPSERTED, endpoint, T0);
    }

    static ApiEndpoint api(String id, String path, ApiState state, ApiEndpoint.Operation... operations) {
        return new ApiEndpoint(
                id,
                "api.example",
                path,
                path,
                MatchType.PREFIX,
                List.of("GET"),
                new Backend("users", "8080"),
                "shop",
                List.of("shop/users"),
                Exposure.EXTERNAL,
                true,
                Map.of(),
                ApiSource.INGRESS,
                state,
                T0,
                T0,
                0,
                List.of(operations));
    }
}
