package io.apiguard.logging.catalog;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.logging.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Discovery's inventory gives calls their API id and path template, and the Level 2 evidence counts the inventoried
 * APIs that report calls and the calls made by a person.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class InventoryTemplatesTest {

    @Test
    void callsTakeTheirApiAndTemplateFromTheInventoryAndCountAsEvidence() throws Exception {
        // Given: discovery announces an API with a declared operation, and a zombie nobody should expect calls from
        String host = "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        Instant now = Instant.now();
        ApiEndpoint users = new ApiEndpoint(
                "api-users-" + host,
                host,
                "/users",
                "/users",
                MatchType.PREFIX,
                List.of("GET"),
                new Backend("users", "8080"),
                "shop",
                List.of("shop/users"),
                Exposure.EXTERNAL,
                true,
                Map.of(),
                ApiSource.INGRESS,
                ApiState.ACTIVE,
                now,
                now,
                0,
                List.of(new ApiEndpoint.Operation("GET", "/users/{userId}/orders", 3, now)));
        ApiEndpoint legacy = new ApiEndpoint(
                "api-legacy-" + host,
                host,
                "/legacy",
                "/legacy",
                MatchType.PREFIX,
                List.of("GET"),
                new Backend("legacy", "8080"),
                "shop",
                List.of("shop/legacy"),
                Exposure.EXTERNAL,
                true,
                Map.of(),
                ApiSource.INGRESS,
                ApiState.ZOMBIE,
                now,
                now,
                0,
                List.of());
        int liveBefore = evidence().getInt("apisLive");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (ApiEndpoint endpoint : List.of(users, legacy)) {
                producer.send(new ProducerRecord<>(
                                Topics.INVENTORY,
                                endpoint.id(),
                                EventJson.mapper()
                                        .writeValueAsString(new InventoryChange(ChangeKind.UPSERTED, endpoint, now))))
                        .get();
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(evidence().getInt("apisLive")).isEqualTo(liveBefore + 1));
        long individualBefore = evidence().getLong("individualCallsLastHour");

        // When: a person and a shared account call it
        Identity person = new Identity(
                "uma@shop.example", null, PrincipalType.USER, AuthMethod.JWT, null, null, List.of(), null, true);
        Identity shared = new Identity(
                "FinTech_User_01",
                null,
                PrincipalType.SERVICE,
                AuthMethod.JWT,
                "FinTech_User_01",
                null,
                List.of(),
                null,
                true);
        ApiCallRecord byPerson = TestCalls.capturedCall(host, "/users/ab12cd/orders", person, 200, Instant.now());
        ApiCallRecord byAccount = TestCalls.capturedCall(host, "/users/42", shared, 200, Instant.now());
        TestCalls.asSidecar()
                .contentType(ContentType.JSON)
                .body(TestCalls.json(List.of(byPerson, byAccount)))
                .post(TestCalls.BATCH)
                .then()
                .statusCode(202);

        // Then
        NormalizedCall stored = TestCalls.stored(byPerson.id());
        assertThat(stored.call().api().apiId()).isEqualTo(users.id());
        assertThat(stored.call().api().pathTemplate()).isEqualTo("/users/{userId}/orders");
        assertThat(TestCalls.stored(byAccount.id()).call().api().pathTemplate()).isEqualTo("/users/{id}");
        JsonPath evidence = evidence();
        assertThat(evidence.getLong("individualCallsLastHour")).isEqualTo(individualBefore + 1);
        assertThat(evidence.getInt("apisReportingLastHour")).isGreaterThanOrEqualTo(1);
        assertThat(evidence.getDouble("apisReportingShare")).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        assertThat(evidence.getDouble("individualIdentityShare"))
                .isGreaterThan(0.0)
                .isLessThan(1.0);
        assertThat(evidence.getDouble("ingestRatePerSecond")).isGreaterThan(0.0);
    }

    private static JsonPath evidence() {
        return asViewer()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("evidence.logging");
    }
}
