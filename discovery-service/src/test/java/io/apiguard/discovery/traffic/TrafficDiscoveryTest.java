package io.apiguard.discovery.traffic;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.Topics;
import io.apiguard.discovery.CallPublisher;
import io.apiguard.discovery.InventoryEvents;
import io.apiguard.discovery.cluster.ClusterDiscoveryTestSupport;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Calls published on the real broker make APIs active, reveal shadow APIs and revive zombies. */
@QuarkusTest
@TestProfile(TrafficDiscoveryTest.ShortZombieWindow.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class TrafficDiscoveryTest {

    /** Zombies after two seconds without a call, so the test can watch one appear. */
    public static class ShortZombieWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "apiguard.discovery.zombie-after",
                    "2s",
                    "apiguard.discovery.zombie-sweep-interval",
                    "500ms",
                    "apiguard.discovery.flush-interval",
                    "500ms");
        }
    }

    @Inject
    KubernetesClient client;

    private InventoryEvents events;
    private CallPublisher calls;

    @BeforeEach
    void connect() {
        events = new InventoryEvents();
        calls = new CallPublisher();
    }

    @AfterEach
    void disconnect() {
        events.close();
        calls.close();
    }

    @Test
    void aDeclaredApiNobodyCallsTurnsZombieAndACallMakesItActiveWithItsOperation() throws Exception {
        // Given
        client.network()
                .v1()
                .ingresses()
                .inNamespace("ledger")
                .resource(ClusterDiscoveryTestSupport.ingress("ledger", "ledger.example", "/entries"))
                .create();
        String id = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> asViewer()
                                .queryParam("namespace", "ledger")
                                .get("/api/v1/apis")
                                .path("items[0].id"),
                        found -> found != null);

        // When nobody calls it
        var zombie = events.awaitEvent(
                event -> id.equals(event.key()) && event.change().endpoint().state() == ApiState.ZOMBIE);

        // Then
        assertThat(zombie.change().changeKind()).isEqualTo(ChangeKind.UPSERTED);

        // When a call arrives
        calls.publish("ledger.example", "GET", "/entries/88412");

        // Then
        var active = events.awaitEvent(
                event -> id.equals(event.key()) && event.change().endpoint().state() == ApiState.ACTIVE);
        assertThat(active.change().endpoint().operations())
                .singleElement()
                .satisfies(operation -> assertThat(operation.pathTemplate()).isEqualTo("/entries/{id}"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/apis/" + id)
                        .then()
                        .body("callCount", equalTo(1))
                        .body("methods[0]", equalTo("GET")));
    }

    @Test
    void trafficToAPathNoIngressDeclaresIsAShadowApi() throws Exception {
        calls.publish("ledger.example", "DELETE", "/debug/cache/5a7c0e9f-1b2d-4e3f-8a9b-0c1d2e3f4a5b");

        var shadow = events.awaitEvent(event -> event.change().endpoint().state() == ApiState.SHADOW
                && event.change().endpoint().path().equals("/debug/cache/{id}"));

        assertThat(shadow.change().endpoint().methods()).containsExactly("DELETE");
        asViewer()
                .queryParam("state", "shadow")
                .get("/api/v1/apis")
                .then()
                .statusCode(200)
                .body("items.find { it.path == '/debug/cache/{id}' }.source", equalTo("traffic"));
        asViewer()
                .get("/api/v1/status")
                .then()
                .body("evidence.discovery.callsObserved", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    void aMessageThatIsNotACallGoesToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        // Given
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBrokerResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dlq-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            dlq.subscribe(Set.of(Topics.CALLS_NORMALIZED_DLQ));

            // When
            calls.raw("poison", "{\"call\": \"not a call\"");
            calls.publish("after.poison.example", "GET", "/still/works");

            // Then
            List<String> deadLetters = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(record -> deadLetters.add(record.key()));
                return deadLetters.contains("poison");
            });
            events.awaitEvent(event -> event.change().endpoint().host().equals("after.poison.example"));
        }
    }
}
