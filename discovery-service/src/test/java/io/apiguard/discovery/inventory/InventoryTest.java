package io.apiguard.discovery.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.MatchType;
import io.apiguard.discovery.ingress.DeclaredRoute;

class InventoryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final Inventory inventory = new Inventory(3, 2);

    @Test
    void aDeclaredRouteIsDeclaredUntilCalledThenActiveAndLearnsItsOperations() {
        // Given
        Inventory.Changes declared =
                inventory.declare("payments/bank", List.of(route("/accounts", "payments/bank")), T0);
        String id = declared.upserted().get(0).id();

        // When
        Inventory.Changes firstCall = inventory.observe("api.bank.example", "GET", "/accounts/1044", T0.plusSeconds(1));
        Inventory.Changes sameOperation =
                inventory.observe("api.bank.example:443", "GET", "/accounts/2211", T0.plusSeconds(2));

        // Then
        assertThat(declared.upserted()).singleElement().satisfies(api -> {
            assertThat(api.state()).isEqualTo(ApiState.DECLARED);
            assertThat(api.source()).isEqualTo(ApiSource.INGRESS);
            assertThat(api.sourceIngresses()).containsExactly("payments/bank");
        });
        assertThat(firstCall.upserted()).singleElement().satisfies(api -> {
            assertThat(api.id()).isEqualTo(id);
            assertThat(api.state()).isEqualTo(ApiState.ACTIVE);
            assertThat(api.methods()).containsExactly("GET");
        });
        assertThat(sameOperation.isEmpty())
                .as("a known operation is a counter update, not an announcement")
                .isTrue();
        assertThat(inventory.drainDirty().upserted()).singleElement().satisfies(api -> {
            assertThat(api.callCount()).isEqualTo(2);
            assertThat(api.operations())
                    .containsExactly(new ApiEndpoint.Operation("GET", "/accounts/{id}", 2, T0.plusSeconds(2)));
        });
        assertThat(inventory.drainDirty().isEmpty()).isTrue();
        assertThat(inventory.figures().declaredShare()).isEqualTo(1.0);
    }

    @Test
    void trafficNoIngressDeclaresIsAShadowApiUntilAnIngressDeclaresIt() {
        // When
        Inventory.Changes shadow = inventory.observe("api.bank.example", "POST", "/internal/reindex/77", T0);

        // Then
        assertThat(shadow.upserted()).singleElement().satisfies(api -> {
            assertThat(api.state()).isEqualTo(ApiState.SHADOW);
            assertThat(api.source()).isEqualTo(ApiSource.TRAFFIC);
            assertThat(api.path()).isEqualTo("/internal/reindex/{id}");
            assertThat(api.exposure()).isEqualTo(Exposure.INTERNAL);
        });
        assertThat(inventory.figures().declaredShare()).isZero();

        // When an Ingress starts declaring it
        Inventory.Changes declared =
                inventory.declare("ops/internal", List.of(route("/internal", "ops/internal")), T0.plusSeconds(5));

        // Then the shadow is absorbed into the declared API, with its traffic
        assertThat(declared.removed())
                .extracting(ApiEndpoint::id)
                .containsExactly(shadow.upserted().get(0).id());
        assertThat(declared.upserted()).singleElement().satisfies(api -> {
            assertThat(api.state()).isEqualTo(ApiState.ACTIVE);
            assertThat(api.callCount()).isEqualTo(1);
            assertThat(api.methods()).containsExactly("POST");
        });
    }

    @Test
    void shadowApisAndOperationsAreBounded() {
        inventory.observe("h", "GET", "/a", T0);
        inventory.observe("h", "GET", "/b", T0);

        assertThat(inventory.observe("h", "GET", "/c", T0).isEmpty()).isTrue();
        assertThat(inventory.figures().apis()).isEqualTo(2);

        inventory.declare("ns/i", List.of(route("/", "ns/i")), T0);
        for (String operation : new String[] {"/x", "/y", "/z", "/w"}) {
            inventory.observe("api.bank.example", "GET", operation, T0);
        }
        assertThat(inventory.all())
                .filteredOn(api -> api.state() == ApiState.ACTIVE)
                .singleElement()
                .satisfies(api -> {
                    assertThat(api.operations()).hasSize(3);
                    assertThat(api.callCount()).isEqualTo(4);
                });
    }

    @Test
    void aDeclaredApiNobodyCallsBecomesAZombieAndACallRevivesIt() {
        inventory.declare("payments/bank", List.of(route("/accounts", "payments/bank")), T0);

        assertThat(inventory
                        .sweepZombies(T0.plus(Duration.ofHours(1)), Duration.ofDays(1))
                        .isEmpty())
                .isTrue();
        Inventory.Changes zombie = inventory.sweepZombies(T0.plus(Duration.ofDays(2)), Duration.ofDays(1));
        Inventory.Changes revived =
                inventory.observe("api.bank.example", "GET", "/accounts", T0.plus(Duration.ofDays(3)));

        assertThat(zombie.upserted())
                .singleElement()
                .extracting(ApiEndpoint::state)
                .isEqualTo(ApiState.ZOMBIE);
        assertThat(revived.upserted())
                .singleElement()
                .extracting(ApiEndpoint::state)
                .isEqualTo(ApiState.ACTIVE);
    }

    @Test
    void anApiDeclaredByTwoIngressesStaysUntilBothAreGone() {
        DeclaredRoute fromA = route("/accounts", "ns/a");
        DeclaredRoute fromB = route("/accounts", "ns/b");
        inventory.declare("ns/a", List.of(fromA), T0);
        Inventory.Changes second = inventory.declare("ns/b", List.of(fromB), T0);

        Inventory.Changes firstGone = inventory.declare("ns/a", List.of(), T0);
        Inventory.Changes bothGone = inventory.declare("ns/b", List.of(), T0);

        assertThat(second.upserted())
                .singleElement()
                .extracting(ApiEndpoint::sourceIngresses)
                .isEqualTo(List.of("ns/a", "ns/b"));
        assertThat(firstGone.upserted())
                .singleElement()
                .extracting(ApiEndpoint::sourceIngresses)
                .isEqualTo(List.of("ns/b"));
        assertThat(bothGone.removed())
                .singleElement()
                .extracting(ApiEndpoint::id)
                .isEqualTo(fromA.apiId());
        assertThat(inventory.all()).isEmpty();
    }

    @Test
    void aResyncRemovesTheApisOfIngressesDeletedWhileNobodyWatched() {
        // Given: loaded from the table, declared by an Ingress that no longer exists
        DeclaredRoute stale = route("/old", "ns/deleted");
        DeclaredRoute kept = route("/kept", "ns/kept");
        inventory.load(List.of(persisted(stale), persisted(kept)));

        // When
        Inventory.Changes changes = inventory.resync(Map.of("ns/kept", List.of(kept)), T0.plusSeconds(60));

        // Then
        assertThat(changes.removed()).extracting(ApiEndpoint::id).containsExactly(stale.apiId());
        assertThat(changes.upserted()).isEmpty();
        assertThat(inventory.all()).extracting(ApiEndpoint::id).containsExactly(kept.apiId());
    }

    @Test
    void aChangedIngressAnnouncesWhatChangedAndNothingElse() {
        inventory.declare("ns/i", List.of(route("/a", "ns/i"), route("/b", "ns/i")), T0);

        Inventory.Changes same = inventory.declare("ns/i", List.of(route("/a", "ns/i"), route("/b", "ns/i")), T0);
        Inventory.Changes pathRemoved = inventory.declare("ns/i", List.of(route("/a", "ns/i")), T0);

        assertThat(same.isEmpty()).isTrue();
        assertThat(pathRemoved.removed()).extracting(ApiEndpoint::path).containsExactly("/b");
        assertThat(pathRemoved.upserted()).isEmpty();
    }

    private static DeclaredRoute route(String path, String ingress) {
        return new DeclaredRoute(
                "api.bank.example",
                path,
                MatchType.PREFIX,
                new Backend("accounts", "8080"),
                ingress.substring(0, ingress.indexOf('/')),
                ingress,
                "nginx",
                true,
                Exposure.EXTERNAL,
                Map.of());
    }

    private static ApiEndpoint persisted(DeclaredRoute route) {
        return new ApiEndpoint(
                route.apiId(),
                route.host(),
                route.path(),
                route.path(),
                route.matchType(),
                List.of(),
                route.backend(),
                route.namespace(),
                List.of(route.ingress()),
                route.exposure(),
                route.tls(),
                route.hints(),
                ApiSource.INGRESS,
                ApiState.DECLARED,
                T0,
                null,
                0,
                List.of());
    }
}
