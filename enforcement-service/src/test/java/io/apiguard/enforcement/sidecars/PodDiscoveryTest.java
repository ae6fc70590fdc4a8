package io.apiguard.enforcement.sidecars;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * In a cluster, sidecars are also found by their pod label: a running pod labelled {@code apiguard.io/sidecar=enabled}
 * is recorded and gets the current rule set pushed to its admin port (the container port named
 * {@code apiguard-admin}); an unlabelled pod is left alone.
 */
@QuarkusTest
@TestProfile(PodDiscoveryTest.WatchPods.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(FakeSidecar.class)
@QuarkusTestResource(OidcIssuerResource.class)
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
        client.pods().inNamespace("payments").resource(pod("accounts-0", true)).create();
        client.pods().inNamespace("payments").resource(pod("batch-0", false)).create();

        // Then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/sidecars").then()
                .statusCode(200)
                .body("find { it.id == 'payments/accounts-0' }.adminUrl", equalTo(FakeSidecar.adminUrl()))
                .body("find { it.id == 'payments/accounts-0' }.ackedVersion", notNullValue()));
        assertThat(FakeSidecar.received().size()).isGreaterThan(pushesBefore);
        given().get("/api/v1/sidecars").then().body("find { it.id == 'payments/batch-0' }", org.hamcrest.Matchers
                .nullValue());
    }

    private static Pod pod(String name, boolean labelled) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("payments")
                .addToLabels("app", name)
                .addToLabels(labelled ? Map.of("apiguard.io/sidecar", "enabled") : Map.of())
                .endMetadata()
                .withNewSpec()
                .addNewContainer().withName("api").withImage("accounts:1").endContainer()
                .addNewContainer().withName("apiguard-sidecar").withImage("sidecar:1")
                .addNewPort().withName("apiguard-admin").withContainerPort(FakeSidecar.port()).endPort()
                .endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus()
                .build();
    }
}
