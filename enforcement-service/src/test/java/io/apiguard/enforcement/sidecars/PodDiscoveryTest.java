package io.apiguard.enforcement.sidecars;

import static io.apiguard.enforcement.EnforcementFixture.startSidecarPod;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.LocalIssuer.Workload;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

/**
 * In a cluster, sidecars are also found by their pod label: a running pod labelled {@code apiguard.io/sidecar=enabled}
 * is recorded and gets the current rule set pushed to its admin port (the container port named
 * {@code apiguard-admin}); an unlabelled pod is left alone.
 */
@QuarkusTest
@TestProfile(PodDiscoveryTest.WatchPods.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class PodDiscoveryTest {

    /** Pod discovery on (it is off for the other tests, which have no Kubernetes API). */
    public static class WatchPods implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("apiguard.enforcement.discovery.enabled", "true");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void aLabelledRunningPodIsRecordedAndGetsTheRuleSetPushed() {
        // Given
        int pushesBefore = FakeSidecar.received().size();

        // When: a labelled sidecar pod and an unlabelled one start
        startSidecarPod(client, "accounts-0", true);
        startSidecarPod(client, "batch-0", false);

        // Then
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/sidecars")
                        .then()
                        .statusCode(200)
                        .body("find { it.id == 'payments/accounts-0' }.adminUrl", equalTo(FakeSidecar.adminUrl()))
                        .body("find { it.id == 'payments/accounts-0' }.ackedVersion", notNullValue()));
        assertThat(FakeSidecar.received().size()).isGreaterThan(pushesBefore);
        asViewer()
                .get("/api/v1/sidecars")
                .then()
                .body("find { it.id == 'payments/batch-0' }", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void inAWatchedClusterASidecarRegistersOnlyAsARunningLabelledPodWithItsTokensUid() {
        // Given: a labelled pod, whose IP the Kubernetes API knows, and an unlabelled one; their tokens name their uids
        Pod ledger = startSidecarPod(client, "ledger-0", true);
        Pod rogue = startSidecarPod(client, "rogue-0", false);
        Workload labelled = new Workload(
                "payments", "default", "ledger-0", ledger.getMetadata().getUid());
        Workload unlabelled = new Workload(
                "payments", "default", "rogue-0", rogue.getMetadata().getUid());
        Map<String, Object> beat = Map.of("mode", "enforce", "ruleSetVersion", 0);

        // When / Then: the labelled pod registers, at the pod's own address
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asWorkload(labelled)
                        .contentType(ContentType.JSON)
                        .body(beat)
                        .put("/api/v1/sidecars/payments/ledger-0")
                        .then()
                        .statusCode(200));
        asViewer()
                .get("/api/v1/sidecars")
                .then()
                .body("find { it.id == 'payments/ledger-0' }.adminUrl", equalTo(FakeSidecar.adminUrl()));

        // the unlabelled pod, and a token whose pod uid is not the pod's (a pod that is gone), do not
        asWorkload(unlabelled)
                .contentType(ContentType.JSON)
                .body(beat)
                .put("/api/v1/sidecars/payments/rogue-0")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asWorkload(new Workload("payments", "default", "ledger-0", "uid-of-a-deleted-pod"))
                .contentType(ContentType.JSON)
                .body(beat)
                .put("/api/v1/sidecars/payments/ledger-0")
                .then()
                .statusCode(403);
    }
}
