package io.apiguard.enforcement.inventory;

import static io.apiguard.enforcement.EnforcementFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.MatchType;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;
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
        RouteRepository.KeptRoute kept = kept();
        return kept == null ? null : kept.route();
    }

    private RouteRepository.KeptRoute kept() {
        return await(routes.all()).stream()
                .filter(route -> route.route().apiId().equals("api-route-repository"))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aRoutesContractsAndItsApisModeReadBackAsWrittenTheDefaultAsNoMode() throws Exception {
        // Given: a declared operation with its request contract
        RequestContract contract = new RequestContract(
                List.of(new RequestContract.Parameter(
                        "accountId",
                        RequestContract.ParameterLocation.PATH,
                        true,
                        EventJson.mapper().readTree("{\"type\":\"string\",\"pattern\":\"^[0-9]+$\"}"))),
                true,
                Map.of(
                        "application/json",
                        EventJson.mapper()
                                .readTree("{\"type\":\"object\",\"additionalProperties\":false,"
                                        + "\"properties\":{\"id\":false,\"note\":{\"type\":[\"string\",\"null\"]}}}")));
        RuleSet.Route route = new RuleSet.Route(
                "api-route-repository",
                "routes.example",
                "/accounts",
                MatchType.PREFIX,
                List.of(new RuleSet.RouteTemplate("PUT", "/accounts/{accountId}", "replaceAccount", contract)),
                List.of());
        Instant at = Instant.now();
        try {
            // When
            await(routes.upsert(route, SpecValidation.ENFORCE, at));

            // Then
            assertThat(kept()).isEqualTo(new RouteRepository.KeptRoute(route, SpecValidation.ENFORCE));

            // When: the API's spec names no mode
            await(routes.upsert(route, null, at.plusSeconds(1)));

            // Then: no mode is kept, so the default applies whatever it is when the set is built
            assertThat(kept()).isEqualTo(new RouteRepository.KeptRoute(route, null));
        } finally {
            await(routes.remove("api-route-repository"));
        }
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
