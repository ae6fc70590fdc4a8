package io.apiguard.enforcement.sidecars;

import static io.apiguard.enforcement.EnforcementFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.apiguard.enforcement.EnforcementFixture;
import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The {@code sidecar} table's decisions on the real database: which claimed version a heartbeat may count, a recreated
 * pod starting over, what a gone pod and a silent registration leave, and what a push records.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class SidecarRepositoryTest {

    /** A namespace of this test's own; its sidecars have no admin address, so nothing is ever pushed to them. */
    private final String namespace = "sidecars-" + UUID.randomUUID().toString().substring(0, 8);

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Inject
    SidecarRepository sidecars;

    @Inject
    EnforcementFixture fixture;

    @AfterEach
    void forgetThisTestsSidecars() {
        fixture.forgetSidecarsOf(namespace);
    }

    private Sidecar find(String pod) {
        return await(sidecars.all()).stream()
                .filter(sidecar -> sidecar.id().equals(namespace + "/" + pod))
                .findFirst()
                .orElse(null);
    }

    private boolean heartbeat(String pod, String uid, long claimed, Instant at) {
        return await(sidecars.heartbeat(namespace, pod, uid, "accounts", null, "enforce", claimed, at));
    }

    @Test
    void aHeartbeatCountsAClaimedVersionOnlyUpToWhatWasDelivered() {
        // Given a new sidecar, never delivered anything
        assertThat(heartbeat("p1", "uid-1", 0, now)).isTrue();

        // When it claims version 5, then is served version 5 on a pull and claims it again
        boolean beforeDelivery = heartbeat("p1", "uid-1", 5, now.plusSeconds(1));
        Sidecar unbelieved = find("p1");
        await(sidecars.delivered(namespace + "/p1", 5));
        boolean afterDelivery = heartbeat("p1", "uid-1", 5, now.plusSeconds(2));

        // Then
        assertThat(beforeDelivery).isFalse();
        assertThat(unbelieved.ackedVersion()).isZero();
        assertThat(afterDelivery).isTrue();
        Sidecar believed = find("p1");
        assertThat(believed.ackedVersion()).isEqualTo(5);
        assertThat(believed.ackedAt()).isEqualTo(now.plusSeconds(2));
        assertThat(believed.registered()).isTrue();
        assertThat(believed.lastContact()).isEqualTo(now.plusSeconds(2));

        // When the same version is claimed again later, it was acknowledged when first believed
        heartbeat("p1", "uid-1", 5, now.plusSeconds(3));
        assertThat(find("p1").ackedAt()).isEqualTo(now.plusSeconds(2));
    }

    @Test
    void aRecreatedPodOfTheSameNameStartsOver() {
        // Given a pod that was delivered and acknowledged version 4
        heartbeat("p2", "uid-old", 0, now);
        await(sidecars.acknowledged(namespace + "/p2", 4, 4, now));
        assertThat(find("p2").ackedVersion()).isEqualTo(4);

        // When a new pod of that name (another uid) claims version 4
        boolean believed = heartbeat("p2", "uid-new", 4, now.plusSeconds(1));

        // Then it was given nothing yet
        assertThat(believed).isFalse();
        assertThat(find("p2").ackedVersion()).isZero();
    }

    @Test
    void aPushAcknowledgementNeverGoesBackAndClearsTheLastError() {
        // Given
        heartbeat("p3", "uid-3", 0, now);
        await(sidecars.pushFailed(namespace + "/p3", "unreachable"));
        assertThat(find("p3").lastError()).isEqualTo("unreachable");

        // When: version 7 is acknowledged, then a late answer names version 6
        await(sidecars.acknowledged(namespace + "/p3", 7, 7, now.plusSeconds(1)));
        await(sidecars.acknowledged(namespace + "/p3", 6, 6, now.plusSeconds(2)));

        // Then
        Sidecar sidecar = find("p3");
        assertThat(sidecar.ackedVersion()).isEqualTo(7);
        assertThat(sidecar.lastError()).isNull();
        assertThat(sidecar.lastContact()).isEqualTo(now.plusSeconds(2));
    }

    @Test
    void aGonePodIsForgottenUnlessItRegisteredItself() {
        // Given one pod found by its label only, and one that also registered
        await(sidecars.discovered(namespace, "found", "uid-f", null, now));
        await(sidecars.discovered(namespace, "both", "uid-b", null, now));
        heartbeat("both", "uid-b", 0, now);
        assertThat(find("found").discovered()).isTrue();
        assertThat(find("found").mode()).isEqualTo("unknown");

        // When both pods are gone
        await(sidecars.podGone(namespace, "found"));
        await(sidecars.podGone(namespace, "both"));

        // Then
        assertThat(find("found")).isNull();
        assertThat(find("both")).satisfies(sidecar -> {
            assertThat(sidecar.registered()).isTrue();
            assertThat(sidecar.discovered()).isFalse();
        });
    }

    @Test
    void onlyRegistrationsThatStoppedRenewingAndWhosePodIsNotWatchedAreForgotten() {
        // Given a silent registration, a fresh one, and a silent one whose pod carries the label
        heartbeat("silent", "uid-s", 0, now.minus(Duration.ofHours(1)));
        heartbeat("fresh", "uid-r", 0, now);
        heartbeat("labelled", "uid-l", 0, now.minus(Duration.ofHours(1)));
        await(sidecars.discovered(namespace, "labelled", "uid-l", null, now));

        // When
        int forgotten = await(sidecars.forgetRegistrationsSilentSince(now.minus(Duration.ofMinutes(10))));

        // Then
        assertThat(forgotten).isGreaterThanOrEqualTo(1);
        assertThat(find("silent")).isNull();
        assertThat(find("fresh")).isNotNull();
        assertThat(find("labelled")).isNotNull();
    }
}
