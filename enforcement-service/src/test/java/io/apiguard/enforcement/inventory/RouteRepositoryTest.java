package io.apiguard.enforcement.inventory;

import static io.apiguard.enforcement.EnforcementFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.MatchType;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code api_route} on the real database: a route reads back as written, and an older change never replaces a newer
 * one.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class RouteRepositoryTest {

    @Inject
    RouteRepository routes;

    private static RuleSet.Route route(String path) {
        return new RuleSet.Route(
                "api-route-repository",
                "routes.example",
                path,
                MatchType.PREFIX,
                List.of(new RuleSet.RouteTemplate(null, path + "/{accountId}")),
                List.of(new RuleSet.RouteTemplate("GET", path + "/{id}/statements")));
    }

    private RuleSet.Route stored() {
        return await(routes.all()).stream()
                .filter(route -> route.apiId().equals("api-route-repository"))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aRouteReadsBackAsWrittenAndAnOlderChangeNeverReplacesANewerOne() {
        Instant at = Instant.now();
        try {
            // When
            await(routes.upsert(route("/accounts"), at));

            // Then
            assertThat(stored()).isEqualTo(route("/accounts"));

            // When: an older change arrives late, then a newer one
            await(routes.upsert(route("/old-accounts"), at.minusSeconds(30)));
            RuleSet.Route afterOlder = stored();
            await(routes.upsert(route("/v2/accounts"), at.plusSeconds(30)));

            // Then
            assertThat(afterOlder).isEqualTo(route("/accounts"));
            assertThat(stored()).isEqualTo(route("/v2/accounts"));
        } finally {
            await(routes.remove("api-route-repository"));
        }
        assertThat(stored()).isNull();
    }
}
