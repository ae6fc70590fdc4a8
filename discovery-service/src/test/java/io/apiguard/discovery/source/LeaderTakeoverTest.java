package io.apiguard.discovery.source;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ChangeKind;
import io.apiguard.discovery.InventoryEvents;
import io.apiguard.discovery.cluster.ClusterDiscoveryTestSupport;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kubernetes.Leases;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * Discovery with leader election on, against the Kubernetes test server in CRUD mode: while another replica holds the
 * Lease, this one keeps its inventory current but writes and announces nothing; once that replica stops renewing,
 * this one takes the Lease over and announces what it saw while it followed.
 */
@QuarkusTest
@TestProfile(LeaderTakeoverTest.ElectionOn.class)
@WithKubernetesTestServer(crud = true, setup = LeaderTakeoverTest.LeaseHeldByAnotherReplica.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class LeaderTakeoverTest {

    static final String NAMESPACE = "apiguard";
    static final String LEASE = "discovery-service";
    static final String OTHER_REPLICA = "discovery-1";
    static final Duration FAILOVER_BOUND = Duration.ofSeconds(15);

    /** Election on, as replica discovery-0, with the chart's timings. */
    public static class ElectionOn implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "apiguard.leader.enabled", "true",
                    "apiguard.leader.identity", "discovery-0",
                    "apiguard.leader.namespace", NAMESPACE);
        }
    }

    /**
     * Before the app starts, another replica holds the Lease and renewed it just now (dated ahead, so it stays held
     * however long the app takes to start, as a live leader's would).
     */
    public static class LeaseHeldByAnotherReplica implements Consumer<KubernetesServer> {

        @Override
        public void accept(KubernetesServer server) {
            Leases.heldBy(server.getClient(), NAMESPACE, LEASE, OTHER_REPLICA);
        }
    }

    @Inject
    KubernetesClient client;

    private InventoryEvents events;

    @BeforeEach
    void listen() {
        events = new InventoryEvents();
    }

    @AfterEach
    void stopListening() {
        events.close();
    }

    @Test
    void aFollowerAnnouncesNothingAndAnnouncesWhatItSawOnceItLeads() {
        // Given this replica follows
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/status")
                        .then()
                        .statusCode(200)
                        .body("evidence.leadership.electionEnabled", equalTo(true))
                        .body("evidence.leadership.leader", equalTo(false))
                        .body("evidence.leadership.identity", equalTo("discovery-0"))
                        .body("evidence.leadership.holder", equalTo(OTHER_REPLICA))
                        .body("evidence.leadership.lease", equalTo(NAMESPACE + "/" + LEASE)));
        int apisBefore = apisInMemory();

        // When an Ingress appears
        String host = "gated.example";
        client.network()
                .v1()
                .ingresses()
                .inNamespace("gated")
                .resource(ClusterDiscoveryTestSupport.ingress("gated", host, "/v1"))
                .create();

        // Then the follower's inventory has it, but it is neither stored nor announced
        await().atMost(Duration.ofSeconds(20)).until(() -> apisInMemory() == apisBefore + 1);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> events.received().stream()
                        .noneMatch(
                                event -> host.equals(event.change().endpoint().host())));
        asViewer()
                .queryParam("namespace", "gated")
                .get("/api/v1/apis")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));

        // When the other replica dies: it stops renewing, and its lease runs out
        long killed = System.nanoTime();
        Leases.abandoned(client, NAMESPACE, LEASE);

        // Then this replica leads, and announces and stores what it saw while it followed
        var announced = events.awaitEvent(event ->
                host.equals(event.change().endpoint().host()) && event.change().changeKind() == ChangeKind.UPSERTED);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("Discovery took over and announced the followed change after %d ms%n", takeover.toMillis());
        assertThat(takeover).isLessThan(FAILOVER_BOUND);
        assertThat(announced.change().endpoint().path()).isEqualTo("/v1");
        asViewer()
                .get("/api/v1/status")
                .then()
                .body("evidence.leadership.leader", equalTo(true))
                .body("evidence.leadership.holder", equalTo("discovery-0"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .queryParam("namespace", "gated")
                        .get("/api/v1/apis")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(1)));
        assertThat(Leases.holder(client, NAMESPACE, LEASE)).isEqualTo("discovery-0");

        // And as the leader, a later change is announced at once
        client.network()
                .v1()
                .ingresses()
                .inNamespace("gated")
                .resource(ClusterDiscoveryTestSupport.ingress("gated", host, "/v1", "/v2"))
                .update();
        var later =
                events.awaitEvent(event -> host.equals(event.change().endpoint().host())
                        && "/v2".equals(event.change().endpoint().path()));
        assertThat(later.change().changeKind()).isEqualTo(ChangeKind.UPSERTED);
    }

    private static int apisInMemory() {
        return asViewer().get("/api/v1/status").then().statusCode(200).extract().path("evidence.discovery.apis");
    }
}
