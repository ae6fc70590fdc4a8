package io.apiguard.enforcement.sidecars;

import static io.apiguard.enforcement.EnforcementFixture.startSidecarPod;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kubernetes.Leases;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

/**
 * enforcement-service with leader election on, against the Kubernetes test server in CRUD mode: while another replica
 * holds the Lease this one stores rules and finds sidecars but pushes nothing; once that replica stops renewing, this
 * one takes over and pushes the current set, with the rule it stored while following, to the sidecar behind.
 */
@QuarkusTest
@TestProfile(LeaderOnlyPushTest.ElectionOn.class)
@WithKubernetesTestServer(crud = true, setup = LeaderOnlyPushTest.LeaseHeldByAnotherReplica.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class LeaderOnlyPushTest {

    static final String NAMESPACE = "apiguard";
    static final String LEASE = "enforcement-service";
    static final String OTHER_REPLICA = "enforcement-1";
    static final String SIDECAR = "payments/accounts-7d9f-1";

    /** Election on as replica enforcement-0, and pods watched. */
    public static class ElectionOn implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "apiguard.enforcement.discovery.enabled", "true",
                    "apiguard.leader.enabled", "true",
                    "apiguard.leader.identity", "enforcement-0",
                    "apiguard.leader.namespace", NAMESPACE);
        }
    }

    /** Another replica holds the Lease before the app starts, renewed (dated ahead) so it stays held meanwhile. */
    public static class LeaseHeldByAnotherReplica implements Consumer<KubernetesServer> {

        @Override
        public void accept(KubernetesServer server) {
            Leases.heldBy(server.getClient(), NAMESPACE, LEASE, OTHER_REPLICA);
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    RuleSetPublisher publisher;

    @Test
    void aFollowerPushesNothingAndTheNewLeaderPushesWhatTheFollowerStored() {
        // Given this replica follows
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/status")
                        .then()
                        .statusCode(200)
                        .body("evidence.leadership.leader", equalTo(false))
                        .body("evidence.leadership.holder", equalTo(OTHER_REPLICA)));
        int pushesBefore = FakeSidecar.received().size();

        // When a sidecar pod starts and an operator adds a rule
        startSidecarPod(client, "accounts-7d9f-1", true);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/sidecars")
                        .then()
                        .statusCode(200)
                        .body("find { it.id == '" + SIDECAR + "' }.adminUrl", equalTo(FakeSidecar.adminUrl())));
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "id",
                        "op-block-follower",
                        "match",
                        Map.of("subject", "mallory"),
                        "action",
                        "block",
                        "reason",
                        "stored while following"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);

        // Then the rule is stored and in this replica's set, but nothing is pushed
        assertThat(publisher.isActive("op-block-follower")).isTrue();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> FakeSidecar.received().size() == pushesBefore);
        asViewer().get("/api/v1/sidecars").then().body("find { it.id == '" + SIDECAR + "' }.ackedVersion", equalTo(0));

        // When the other replica dies: it stops renewing, and its lease runs out
        long killed = System.nanoTime();
        Leases.abandoned(client, NAMESPACE, LEASE);

        // Then this replica leads and pushes the set with the rule to the sidecar behind
        RuleSet pushed = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> FakeSidecar.received().stream()
                                .skip(pushesBefore)
                                .filter(set -> set.rules().stream()
                                        .anyMatch(rule -> rule.id().equals("op-block-follower")))
                                .findFirst()
                                .orElse(null),
                        set -> set != null);
        System.out.printf("enforcement took over and pushed after %d ms%n", (System.nanoTime() - killed) / 1_000_000);
        assertThat(pushed.version()).isEqualTo(publisher.currentVersion());
        asViewer().get("/api/v1/status").then().body("evidence.leadership.leader", equalTo(true));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/sidecars")
                        .then()
                        .body("find { it.id == '" + SIDECAR + "' }.ackedVersion", equalTo((int)
                                publisher.currentVersion())));
    }
}
