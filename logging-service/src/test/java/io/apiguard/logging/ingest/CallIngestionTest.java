package io.apiguard.logging.ingest;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.SHARED_ACCOUNT;
import static io.apiguard.logging.TestCalls.asSidecar;
import static io.apiguard.logging.TestCalls.gatewayCall;
import static io.apiguard.logging.TestCalls.json;
import static io.apiguard.logging.TestCalls.stored;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jose4j.jwt.JwtClaims;
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
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code POST /api/v1/calls:batch} end to end: real HTTP, the real PostgreSQL, the real Kafka broker. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class CallIngestionTest {

    @Test
    void callsThroughOneSharedAccountAreStoredUnderEachDelegatedPerson() {
        // Given: one shared account token, three people behind it
        String token = TestCalls.trustedToken(TestCalls.claims(SHARED_ACCOUNT));
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> people =
                List.of("alex.s@accounting-xyz-" + run, "bea.m@accounting-xyz-" + run, "carl.d@accounting-xyz-" + run);
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            calls.add(gatewayCall(
                    "api.fintech.example",
                    "/accounts/" + (1040 + i),
                    "198.51.100.20",
                    Map.of("Authorization", "Bearer " + token, "X-End-User", people.get(i))));
        }

        // When
        asSidecar()
                .contentType(ContentType.JSON)
                .body(json(calls))
                .post(BATCH)
                .then()
                .statusCode(202)
                .body("stored", equalTo(3))
                .body("duplicates", equalTo(0));

        // Then: three subjects, the shared account kept on each, each person's audit trail their own
        for (int i = 0; i < people.size(); i++) {
            asViewer()
                    .queryParam("subject", people.get(i))
                    .get("/api/v1/calls")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(1))
                    .body("items[0].call.identity.serviceAccount", equalTo(SHARED_ACCOUNT))
                    .body("items[0].call.identity.principalType", equalTo("user"))
                    .body("items[0].call.identity.verified", equalTo(true))
                    .body("items[0].call.api.path", equalTo("/accounts/" + (1040 + i)));
            asViewer()
                    .get("/api/v1/audit/subjects/{subject}", people.get(i))
                    .then()
                    .statusCode(200)
                    .body("calls", equalTo(1))
                    .body("serviceAccounts", contains(SHARED_ACCOUNT))
                    .body("objects[0].resourceType", equalTo("accounts"))
                    .body("objects[0].objectId", equalTo(String.valueOf(1040 + i)));
        }
        asViewer()
                .queryParam("serviceAccount", SHARED_ACCOUNT)
                .queryParam("limit", 1000)
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body(
                        "items.findAll { it.call.identity.subject.endsWith('" + run
                                + "') }.call.identity.subject.toSet()",
                        hasSize(3));
    }

    @Test
    void everyIdentitySourceIsResolvedAndNoUnprovenClaimIsBelieved() {
        // Given
        JwtClaims erin = TestCalls.claims("erin@acme.example");
        erin.setStringListClaim("roles", "admin", "auditor");
        erin.setStringClaim("org", "acme");
        JwtClaims delegated = TestCalls.claims("alex.s@accounting-xyz");
        delegated.setClaim("act", Map.of("sub", SHARED_ACCOUNT));
        Map<String, Map<String, String>> headers = new java.util.LinkedHashMap<>();
        headers.put("jwt", Map.of("authorization", "Bearer " + TestCalls.trustedToken(erin)));
        headers.put("jwt-act", Map.of("authorization", "Bearer " + TestCalls.trustedToken(delegated)));
        headers.put(
                "forged-jwt",
                Map.of("authorization", "Bearer " + TestCalls.forgedToken(TestCalls.claims("ceo@acme.example"))));
        headers.put("api-key-person", Map.of("x-api-key", "ak-dana-personal-0002"));
        headers.put("api-key-service", Map.of("x-api-key", "ak-reporting-robot-0001"));
        headers.put("api-key-unknown", Map.of("x-api-key", "ak-nobody"));
        headers.put(
                "basic",
                Map.of(
                        "authorization",
                        "Basic " + Base64.getEncoder().encodeToString("frank:pw".getBytes(StandardCharsets.UTF_8))));
        headers.put("none", Map.of("x-request-id", "r-1"));
        Map<String, ApiCallRecord> calls = new java.util.LinkedHashMap<>();
        headers.forEach((name, values) -> calls.put(name, gatewayCall("api.example", "/x", "203.0.113.9", values)));
        // headers only a trusted proxy may set: the record says it came from 10.0.0.0/8 (trusted in the test profile),
        // but the batch came over a connection from this test, which is no trusted proxy (TrustedProxyIngestTest)
        calls.put(
                "mtls-claiming-a-trusted-proxy",
                gatewayCall(
                        "api.example",
                        "/x",
                        "10.1.1.1",
                        Map.of("ssl-client-subject-dn", "CN=billing-batch,O=payments")));
        calls.put(
                "mtls-untrusted",
                gatewayCall(
                        "api.example",
                        "/x",
                        "203.0.113.9",
                        Map.of("ssl-client-subject-dn", "CN=billing-batch,O=payments")));
        calls.put(
                "upstream-claiming-a-trusted-proxy",
                gatewayCall("api.example", "/x", "10.2.2.2", Map.of("x-forwarded-user", "grace@acme.example")));
        calls.put(
                "upstream-untrusted",
                gatewayCall("api.example", "/x", "203.0.113.9", Map.of("x-forwarded-user", "grace@acme.example")));

        // When
        asSidecar()
                .contentType(ContentType.JSON)
                .body(json(calls.values()))
                .post(BATCH)
                .then()
                .statusCode(202);

        // Then
        Map<String, Identity> identities = calls.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        entry -> stored(entry.getValue().id()).call().identity()));
        assertThat(identities.get("jwt")).satisfies(identity -> {
            assertThat(identity.subject()).isEqualTo("erin@acme.example");
            assertThat(identity.roles()).containsExactly("admin", "auditor");
            assertThat(identity.organisation()).isEqualTo("acme");
            assertThat(identity.verified()).isTrue();
            assertThat(identity.credentialFingerprint()).startsWith("sha256:").hasSize(23);
        });
        assertThat(identities.get("jwt-act"))
                .extracting(Identity::subject, Identity::serviceAccount)
                .containsExactly("alex.s@accounting-xyz", SHARED_ACCOUNT);
        assertThat(identities.get("forged-jwt")).satisfies(identity -> {
            assertThat(identity.subject()).isNull();
            assertThat(identity.principalType()).isEqualTo(PrincipalType.UNVERIFIED);
            assertThat(identity.authMethod()).isEqualTo(AuthMethod.JWT);
            assertThat(identity.verified()).isFalse();
            assertThat(identity.claimedSubject()).isEqualTo("ceo@acme.example");
        });
        assertThat(identities.get("api-key-person"))
                .extracting(Identity::subject, Identity::principalType)
                .containsExactly("dana@fintech.example", PrincipalType.USER);
        assertThat(identities.get("api-key-service"))
                .extracting(Identity::subject, Identity::principalType)
                .containsExactly("reporting-robot", PrincipalType.SERVICE);
        assertThat(identities.get("api-key-unknown"))
                .extracting(Identity::subject, Identity::principalType, Identity::authMethod)
                .containsExactly(null, PrincipalType.UNVERIFIED, AuthMethod.API_KEY);
        assertThat(identities.get("basic"))
                .extracting(Identity::subject, Identity::principalType, Identity::authMethod, Identity::claimedSubject)
                .containsExactly(null, PrincipalType.UNVERIFIED, AuthMethod.BASIC, "frank");
        assertThat(identities.get("mtls-claiming-a-trusted-proxy")).isEqualTo(Identity.anonymous());
        assertThat(identities.get("mtls-untrusted")).isEqualTo(Identity.anonymous());
        assertThat(identities.get("upstream-claiming-a-trusted-proxy")).isEqualTo(Identity.anonymous());
        assertThat(identities.get("upstream-untrusted")).isEqualTo(Identity.anonymous());
        assertThat(identities.get("none")).isEqualTo(Identity.anonymous());
    }

    @Test
    void nothingSecretReachesTheTableOrTheTopic() {
        // Given
        String token = TestCalls.trustedToken(TestCalls.claims("erin@acme.example"));
        ApiCallRecord call = gatewayCall(
                "api.example",
                "/cards/4111111111111111/charges",
                "203.0.113.9",
                Map.of(
                        "Authorization", "Bearer " + token,
                        "Cookie", "session=s3ss10n-c00k1e",
                        "X-API-Key", "ak-should-not-leak"));
        call = new ApiCallRecord(
                call.id(),
                call.timestamp(),
                call.durationMicros(),
                new ApiCallRecord.Api(
                        "api.example",
                        "POST",
                        "/cards/4111111111111111/charges",
                        "access_token=qs-t0ken-123&pan=5500 0000 0000 0004&amount=10",
                        null,
                        null),
                call.source(),
                null,
                null,
                201,
                80,
                20,
                List.of(),
                null,
                null,
                call.headers());
        List<String> secrets = List.of(
                token,
                "s3ss10n-c00k1e",
                "ak-should-not-leak",
                "qs-t0ken-123",
                "4111111111111111",
                "5500 0000 0000 0004");

        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            // When
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(json(List.of(call)))
                    .post(BATCH)
                    .then()
                    .statusCode(202);

            // Then: neither the row nor the event holds any secret, and the caller is still known
            String id = call.id().toString();
            assertThat(TestCalls.row(call.id())).doesNotContain(secrets);
            TopicReader.Received event =
                    topic.await(record -> record.value().contains(id), 1).get(0);
            assertThat(event.value()).doesNotContain(secrets);
            assertThat(event.key()).isEqualTo("erin@acme.example");
            assertThat(event.header("ce_type")).isEqualTo("io.apiguard.call.normalized.v1");
            NormalizedCall normalized = stored(call.id());
            assertThat(normalized.call().identity().subject()).isEqualTo("erin@acme.example");
            assertThat(normalized.call().api().pathTemplate()).isEqualTo("/cards/{id}/charges");
            assertThat(normalized.call().api().query()).isEqualTo("access_token=[REDACTED]&pan=[card-0004]&amount=10");
            assertThat(normalized.redactions())
                    .contains(
                            "header:authorization",
                            "header:cookie",
                            "header:x-api-key",
                            "query:access_token",
                            "card-number:path",
                            "card-number:object",
                            "card-number:query");
        }
    }

    @Test
    void aRecordDeliveredTwiceIsStoredAndPublishedOnce() {
        // Given
        ApiCallRecord first = gatewayCall("api.example", "/orders/1", "203.0.113.9", Map.of());
        ApiCallRecord second = gatewayCall("api.example", "/orders/2", "203.0.113.9", Map.of());
        ApiCallRecord third = gatewayCall("api.example", "/orders/3", "203.0.113.9", Map.of());
        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED)) {
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(json(List.of(first, second)))
                    .post(BATCH)
                    .then()
                    .statusCode(202)
                    .body("stored", equalTo(2));

            // When: a sender retries after a timeout, with one new record, and one record twice in the batch
            asSidecar()
                    .contentType(ContentType.JSON)
                    .body(json(List.of(first, second, third, third)))
                    .post(BATCH)
                    .then()
                    .statusCode(202)
                    .body("accepted", equalTo(4))
                    .body("stored", equalTo(1))
                    .body("duplicates", equalTo(3));

            // Then
            assertThat(TestCalls.rows(first.id())).isEqualTo(1);
            assertThat(TestCalls.rows(third.id())).isEqualTo(1);
            topic.await(record -> record.value().contains(third.id().toString()), 1);
            List<TopicReader.Received> all = topic.all(Duration.ofMillis(500));
            assertThat(all)
                    .filteredOn(record -> record.value().contains(first.id().toString()))
                    .hasSize(1);
            assertThat(all)
                    .filteredOn(record -> record.value().contains(third.id().toString()))
                    .hasSize(1);
        }
    }

    @Test
    void invalidRecordsAreNamedByIndexWhileTheValidOnesAreKept() {
        // Given
        ApiCallRecord good = gatewayCall("api.example", "/a/1", "203.0.113.9", Map.of());
        ApiCallRecord alsoGood = gatewayCall("api.example", "/a/2", "203.0.113.9", Map.of());
        String body = "[" + json(good) + ", " + json(good).replace("\"status\":200", "\"status\":42") + ", "
                + json(alsoGood) + ", {\"api\": {}}]";

        // When / Then
        asSidecar()
                .contentType(ContentType.JSON)
                .body(body)
                .post(BATCH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid call records"))
                .body("accepted", equalTo(2))
                .body("errors.index", contains(1, 3))
                .body("errors[0].detail", equalTo("status must be an HTTP status (100-599): 42"));
        assertThat(stored(good.id())).isNotNull();
        assertThat(stored(alsoGood.id())).isNotNull();
    }

    @Test
    void ndjsonBatchesAreAcceptedLineByLine() {
        // Given
        ApiCallRecord good = gatewayCall("api.example", "/n/1", "203.0.113.9", Map.of());
        ApiCallRecord alsoGood = gatewayCall("api.example", "/n/2", "203.0.113.9", Map.of());
        String body = json(good) + "\n{\"id\": \"broken\n" + json(alsoGood) + "\n";

        // When / Then
        asSidecar()
                .contentType("application/x-ndjson")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post(BATCH)
                .then()
                .statusCode(400)
                .body("errors.index", contains(1))
                .body("errors[0].detail", containsString("not valid JSON"));
        assertThat(stored(good.id())).isNotNull();
        assertThat(stored(alsoGood.id())).isNotNull();
        asSidecar()
                .contentType("application/x-ndjson")
                .body((json(good) + "\n").getBytes(StandardCharsets.UTF_8))
                .post(BATCH)
                .then()
                .statusCode(202)
                .body("duplicates", equalTo(1));
    }

    @Test
    void malformedOversizedAndForeignBodiesAreRefusedWholeWithAProblem() {
        // Not JSON at all: no record boundaries to go by
        asSidecar()
                .contentType(ContentType.JSON)
                .body("[{\"id\": ")
                .post(BATCH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed batch"))
                .body("detail", containsString("nothing was stored"));

        // Over the record limit of the test profile (1000): refused before anything is stored
        List<ApiCallRecord> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(gatewayCall("api.example", "/many/" + i, "203.0.113.9", Map.of()));
        }
        asSidecar()
                .contentType(ContentType.JSON)
                .body(json(tooMany))
                .post(BATCH)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("1001 records exceed the limit of 1000"));
        assertThat(stored(tooMany.get(0).id())).isNull();

        // Not a format we read
        asSidecar()
                .contentType(ContentType.TEXT)
                .body("GET /x 200")
                .post(BATCH)
                .then()
                .statusCode(415);
    }
}
