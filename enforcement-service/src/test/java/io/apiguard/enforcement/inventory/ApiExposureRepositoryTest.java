package io.apiguard.enforcement.inventory;

import static io.apiguard.enforcement.EnforcementFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.Exposure;
import io.apiguard.enforcement.EnforcementFixture;
import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.enforcement.inventory.ApiExposureRepository.ExternalCoverage;
import io.apiguard.enforcement.sidecars.SidecarRepository;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * {@code api_exposure} on the real database: the newer change of an API wins whatever order changes arrive in, and
 * an external API counts as covered only with a live sidecar in enforce mode in its namespace, for its Service.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class ApiExposureRepositoryTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(60);

    /** A namespace of this test's own, so the counts of other tests' APIs and sidecars do not matter. */
    private final String namespace = "exposure-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    ApiExposureRepository exposures;

    @Inject
    SidecarRepository sidecars;

    @Inject
    EnforcementFixture fixture;

    @AfterEach
    void forgetThisTestsRows() {
        fixture.forgetExposuresAndSidecarsOf(namespace);
    }

    private ApiEndpoint api(String id, String service, Exposure exposure) {
        return EnforcementFixture.api(id, service, namespace, exposure);
    }

    private RowSet<Row> stored(String apiId) {
        return fixture.query("select service, exposure from api_exposure where api_id = $1", apiId);
    }

    /** A sidecar of this namespace, heard from at {@code lastContact}; never pushed to (it has no admin address). */
    private void sidecar(String pod, String service, String mode, Instant lastContact) {
        await(sidecars.heartbeat(namespace, pod, "uid-" + pod, service, null, mode, 0, lastContact));
    }

    @Test
    void theNewerChangeOfAnApiWinsWhateverOrderTheyArriveIn() {
        // Given
        String id = namespace + "-accounts";
        Instant at = Instant.now();
        await(exposures.upsert(api(id, "accounts", Exposure.EXTERNAL), at));

        // When: an older change arrives late
        await(exposures.upsert(api(id, "accounts-old", Exposure.INTERNAL), at.minusSeconds(30)));

        // Then
        Row row = stored(id).iterator().next();
        assertThat(row.getString("service")).isEqualTo("accounts");
        assertThat(row.getString("exposure")).isEqualTo("external");

        // When: a newer one arrives, without a backend or an exposure
        await(exposures.upsert(api(id, null, null), at.plusSeconds(30)));

        // Then
        row = stored(id).iterator().next();
        assertThat(row.getString("service")).isNull();
        assertThat(row.getString("exposure")).isNull();

        // When the API leaves the inventory
        await(exposures.remove(id));

        // Then
        assertThat(stored(id)).isEmpty();
    }

    @Test
    void anExternalApiIsCoveredOnlyByALiveEnforcingSidecarOfItsNamespaceAndService() {
        // Given
        Instant now = Instant.now();
        ExternalCoverage before = await(exposures.coverage(now.minus(STALE_AFTER)));
        await(exposures.upsert(api(namespace + "-enforced", "enforced", Exposure.EXTERNAL), now));
        await(exposures.upsert(api(namespace + "-monitored", "monitored", Exposure.EXTERNAL), now));
        await(exposures.upsert(api(namespace + "-silent", "silent", Exposure.EXTERNAL), now));
        await(exposures.upsert(api(namespace + "-bare", "bare", Exposure.EXTERNAL), now));
        await(exposures.upsert(api(namespace + "-internal", "enforced", Exposure.INTERNAL), now));
        sidecar("enforced-1", "enforced", "enforce", now);
        sidecar("monitored-1", "monitored", "monitor", now);
        sidecar("silent-1", "silent", "enforce", now.minus(STALE_AFTER).minusSeconds(60));

        // When
        ExternalCoverage live = await(exposures.coverage(now.minus(STALE_AFTER)));
        ExternalCoverage longer = await(exposures.coverage(now.minus(STALE_AFTER.multipliedBy(3))));

        // Then: four external APIs, one of them fronted by a live enforcing sidecar; the silent one counts again
        // when the window reaches back to its last contact
        assertThat(live.external() - before.external()).isEqualTo(4);
        assertThat(live.covered() - before.covered()).isEqualTo(1);
        assertThat(longer.covered() - before.covered()).isEqualTo(2);
    }
}
