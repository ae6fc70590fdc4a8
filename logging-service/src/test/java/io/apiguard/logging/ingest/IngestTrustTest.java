package io.apiguard.logging.ingest;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.SHARED_ACCOUNT;
import static io.apiguard.logging.TestCalls.claiming;
import static io.apiguard.logging.TestCalls.gatewayCall;
import static io.apiguard.logging.TestCalls.json;
import static io.apiguard.logging.TestCalls.stored;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.events.Topics;
import io.apiguard.logging.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What a batch's records say about their callers is believed only from the sidecar of the pod that served them; a
 * gateway, a pod writing about another pod, a token bound to no pod get identities from credential headers or none.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class IngestTrustTest {

    /** A pod other than the sidecar's: its records are about calls it did not serve. */
    private static final LocalIssuer.Workload OTHER_POD = LocalIssuer.Workload.pod("payments", "ledger", "ledger-0");

    private static final LocalIssuer.Workload GATEWAY = LocalIssuer.Workload.pod("ingress", "gateway", "gateway-0");
    /** The sidecar's service account, with a token bound to no pod. */
    private static final LocalIssuer.Workload UNBOUND = new LocalIssuer.Workload("payments", "accounts", null, null);
    /** The pod the test sidecar serves. */
    private static final ApiCallRecord.Destination SIDECARS_POD =
            new ApiCallRecord.Destination("accounts", "payments", "accounts-0");

    @Test
    void twentyFiveForgedRecordsClaimingAnInnocentAreStoredUnderNoOne() {
        // Given: records naming an innocent person as a verified caller, sent by workloads that did not serve them
        String innocent = "innocent-" + UUID.randomUUID() + "@example.com";
        Identity claimed = new Identity(
                innocent,
                "Innocent Person",
                PrincipalType.USER,
                AuthMethod.JWT,
                null,
                "acme",
                List.of("admin"),
                "sha256:0123456789abcdef",
                true);
        Map<String, RequestSpecification> senders = new LinkedHashMap<>();
        senders.put("a pod writing about the sidecar's pod", asWorkload(OTHER_POD));
        senders.put("a gateway", asWorkload(GATEWAY));
        senders.put("the sidecar's account without a pod-bound token", asWorkload(UNBOUND));
        Map<String, List<ApiCallRecord>> batches = new LinkedHashMap<>();
        for (String sender : senders.keySet()) {
            List<ApiCallRecord> forged = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                // the sidecar's own pod as destination, another pod, none at all: none of it makes them believed
                ApiCallRecord.Destination destination = i % 3 == 0
                        ? SIDECARS_POD
                        : i % 3 == 1 ? new ApiCallRecord.Destination("billing", "payments", "billing-0") : null;
                forged.add(claiming(claimed, destination, "/accounts/" + (2000 + i)));
            }
            batches.put(sender, forged);
        }

        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            // When
            senders.forEach((sender, request) -> request.urlEncodingEnabled(false)
                    .contentType(ContentType.JSON)
                    .body(json(batches.get(sender)))
                    .post(BATCH)
                    .then()
                    .statusCode(202)
                    .body("stored", equalTo(25)));

            // Then: every record stored, as anonymous; nobody is the innocent, in the table, the search or the stream
            batches.forEach((sender, forged) -> forged.forEach(call ->
                    assertThat(stored(call.id()).call().identity()).as(sender).isEqualTo(Identity.anonymous())));
            asViewer()
                    .queryParam("subject", innocent)
                    .get("/api/v1/calls")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(0));
            asViewer()
                    .get("/api/v1/audit/subjects/{subject}", innocent)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            List<String> ids = batches.values().stream()
                    .flatMap(List::stream)
                    .map(call -> call.id().toString())
                    .toList();
            List<TopicReader.Received> events =
                    topic.await(event -> ids.stream().anyMatch(event.value()::contains), 75);
            assertThat(events).allSatisfy(event -> {
                assertThat(event.key()).isEqualTo("ip:203.0.113.7");
                assertThat(event.value()).doesNotContain(innocent);
            });
        }
    }

    @Test
    void aSidecarsOwnRecordsKeepTheIdentityItResolved() {
        // Given: calls served by the sidecar's own pod, delivered with that pod's token
        Identity alex = new Identity(
                "alex-" + UUID.randomUUID() + "@example.com",
                null,
                PrincipalType.USER,
                AuthMethod.JWT,
                SHARED_ACCOUNT,
                null,
                List.of("reader"),
                "sha256:0123456789abcdef",
                true);
        Identity unverified = Identity.unverified(AuthMethod.BASIC, "sha256:fedcba9876543210", "frank");
        ApiCallRecord verified = claiming(alex, SIDECARS_POD, "/accounts/1");
        ApiCallRecord claimedOnly = claiming(unverified, SIDECARS_POD, "/accounts/2");

        // When
        TestCalls.asSidecar()
                .contentType(ContentType.JSON)
                .body(json(List.of(verified, claimedOnly)))
                .post(BATCH)
                .then()
                .statusCode(202)
                .body("stored", equalTo(2));

        // Then
        assertThat(stored(verified.id()).call().identity()).isEqualTo(alex);
        assertThat(stored(claimedOnly.id()).call().identity()).isEqualTo(unverified);
        asViewer()
                .queryParam("subject", alex.subject())
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
    }

    @Test
    void forgedCredentialsNeverNameAnIndividual() {
        // Given: what anyone can write into headers a gateway forwards
        JwtClaims expired = TestCalls.claims("expired@acme.example");
        expired.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() - 3_600_000));
        Map<String, Map<String, String>> forged = new LinkedHashMap<>();
        forged.put(
                "alg none",
                Map.of("Authorization", "Bearer " + TestCalls.unsignedToken(TestCalls.claims("ceo@acme.example"))));
        forged.put("expired", Map.of("Authorization", "Bearer " + TestCalls.trustedToken(expired)));
        forged.put(
                "wrong key",
                Map.of("Authorization", "Bearer " + TestCalls.forgedToken(TestCalls.claims("cfo@acme.example"))));
        forged.put(
                "Basic, a password nobody checked",
                Map.of(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString("admin@acme.example:wrong".getBytes(StandardCharsets.UTF_8))));
        forged.put(
                "an unsigned shared account delegating",
                Map.of(
                        "Authorization",
                        "Bearer " + TestCalls.unsignedToken(TestCalls.claims(SHARED_ACCOUNT)),
                        "X-End-User",
                        "victim@acme.example"));
        Map<String, ApiCallRecord> calls = new LinkedHashMap<>();
        forged.forEach(
                (what, headers) -> calls.put(what, gatewayCall("api.example", "/forged", "203.0.113.9", headers)));

        // When
        asWorkload(GATEWAY)
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(json(calls.values()))
                .post(BATCH)
                .then()
                .statusCode(202);

        // Then
        calls.forEach((what, call) -> {
            Identity identity = stored(call.id()).call().identity();
            assertThat(identity.subject()).as(what).isNull();
            assertThat(identity.principalType()).as(what).isEqualTo(PrincipalType.UNVERIFIED);
            assertThat(identity.isIndividual()).as(what).isFalse();
            assertThat(identity.serviceAccount()).as(what).isNull();
            assertThat(identity.credentialFingerprint()).as(what).startsWith("sha256:");
        });
        assertThat(stored(calls.get("alg none").id()).call().identity().claimedSubject())
                .isEqualTo("ceo@acme.example");
        for (String person : List.of(
                "ceo@acme.example",
                "expired@acme.example",
                "cfo@acme.example",
                "admin@acme.example",
                "victim@acme.example",
                SHARED_ACCOUNT)) {
            asViewer()
                    .queryParam("subject", person)
                    .queryParam("from", calls.get("alg none").timestamp().toString())
                    .get("/api/v1/calls")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(0));
        }
    }

    @Test
    void aNulInATokensSubjectOrABasicUserNameIsCleanedNotA500() {
        // Given: the caller writes a NUL into what it presents; the resolver cleans names it takes from credentials
        String token = TestCalls.trustedToken(TestCalls.claims("alex\u0000@acme.example"));
        ApiCallRecord jwt =
                gatewayCall("api.example", "/nul/1", "203.0.113.9", Map.of("Authorization", "Bearer " + token));
        ApiCallRecord basic = gatewayCall(
                "api.example",
                "/nul/2",
                "203.0.113.9",
                Map.of(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder().encodeToString("bea\u0000:pw".getBytes(StandardCharsets.UTF_8))));
        ApiCallRecord good = gatewayCall("api.example", "/nul/3", "203.0.113.9", Map.of());

        // When
        asWorkload(GATEWAY)
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(json(List.of(jwt, basic, good)))
                .post(BATCH)
                .then()
                .statusCode(202)
                .body("stored", equalTo(3));

        // Then
        NormalizedCall fromToken = stored(jwt.id());
        assertThat(fromToken.call().identity().subject()).isEqualTo("alex\uFFFD@acme.example");
        assertThat(stored(basic.id()).call().identity().claimedSubject()).isEqualTo("bea\uFFFD");
        assertThat(TestCalls.row(jwt.id())).doesNotContain("\\u0000");
    }

    @Test
    void aBatchFromAnUnauthenticatedProducerIsRefusedAndNothingOfItIsKept() {
        // Given
        Identity claimed = new Identity(
                "innocent@example.com",
                null,
                PrincipalType.USER,
                AuthMethod.JWT,
                null,
                null,
                List.of(),
                "sha256:0123456789abcdef",
                true);
        ApiCallRecord forged = claiming(claimed, SIDECARS_POD, "/accounts/1");

        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            // When / Then
            io.apiguard.testing.oidc.Tokens.anonymously()
                    .urlEncodingEnabled(false)
                    .contentType(ContentType.JSON)
                    .body(json(List.of(forged)))
                    .post(BATCH)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
            assertThat(stored(forged.id())).isNull();
            assertThat(topic.all(Duration.ofMillis(500)))
                    .noneSatisfy(event ->
                            assertThat(event.value()).contains(forged.id().toString()));
        }
    }
}
