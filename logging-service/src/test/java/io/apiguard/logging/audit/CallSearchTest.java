package io.apiguard.logging.audit;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.logging.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** {@code GET /api/v1/calls} and {@code GET /api/v1/audit/subjects/{subject}} over calls stored through the API. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class CallSearchTest {

    private static final Instant START =
            Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);

    private String subject;
    private final List<ApiCallRecord> calls = new ArrayList<>();

    @BeforeEach
    void sevenCallsOfOnePersonOneMinuteApart() {
        subject = "ivy-" + UUID.randomUUID() + "@acme.example";
        Identity ivy = new Identity(
                subject,
                null,
                PrincipalType.USER,
                AuthMethod.JWT,
                "FinTech_User_01",
                "acme",
                List.of("clerk"),
                "sha256:0123456789abcdef",
                true);
        int[] statuses = {200, 200, 404, 200, 500, 200, 403};
        for (int i = 0; i < statuses.length; i++) {
            calls.add(TestCalls.capturedCall(
                    "api.fintech.example",
                    "/accounts/" + (i % 3 + 1) + "/statements",
                    ivy,
                    statuses[i],
                    START.plus(i, ChronoUnit.MINUTES)));
        }
        TestCalls.asSidecar()
                .contentType(ContentType.JSON)
                .body(TestCalls.json(calls))
                .post(TestCalls.BATCH)
                .then()
                .statusCode(202);
    }

    @Test
    void pagesWalkTheCallsNewestFirstWithoutGapsOrRepeats() {
        // When
        JsonPath first = asViewer()
                .queryParam("subject", subject)
                .queryParam("limit", 3)
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath second = asViewer()
                .queryParam("subject", subject)
                .queryParam("limit", 3)
                .queryParam("cursor", first.getString("nextCursor"))
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath last = asViewer()
                .queryParam("subject", subject)
                .queryParam("limit", 3)
                .queryParam("cursor", second.getString("nextCursor"))
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        // Then
        List<String> ids = new ArrayList<>(first.getList("items.call.id"));
        ids.addAll(second.getList("items.call.id"));
        ids.addAll(last.getList("items.call.id"));
        List<String> newestFirst =
                new ArrayList<>(calls.stream().map(call -> call.id().toString()).toList());
        java.util.Collections.reverse(newestFirst);
        org.assertj.core.api.Assertions.assertThat(ids).containsExactlyElementsOf(newestFirst);
        org.assertj.core.api.Assertions.assertThat(last.getString("nextCursor")).isNull();
    }

    @Test
    void filtersNarrowTheSearch() {
        asViewer()
                .queryParam("subject", subject)
                .queryParam("status", "4xx")
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items.call.status", contains(403, 404));
        asViewer()
                .queryParam("subject", subject)
                .queryParam("object", "accounts/2")
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body(
                        "items.call.api.pathTemplate",
                        contains("/accounts/{id}/statements", "/accounts/{id}/statements"));
        asViewer()
                .queryParam("subject", subject)
                .queryParam("from", START.plus(2, ChronoUnit.MINUTES).toString())
                .queryParam("to", START.plus(4, ChronoUnit.MINUTES).toString())
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items.call.status", contains(200, 404));
        asViewer()
                .queryParam("subject", subject)
                .queryParam("decision", "blocked")
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextCursor", nullValue());
        asViewer()
                .queryParam("serviceAccount", "FinTech_User_01")
                .queryParam("clientIp", "203.0.113.7")
                .queryParam("subject", subject)
                .queryParam("status", "5xx")
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
    }

    @Test
    void callsAreFoundByTheDataClassTheirResponseCarried() {
        // Given one more person whose two calls returned card numbers and an e-mail address
        String ada = "ada-" + UUID.randomUUID() + "@acme.example";
        Identity identity =
                new Identity(ada, null, PrincipalType.USER, AuthMethod.JWT, null, "acme", List.of(), null, true);
        ApiCallRecord cards = withDataClasses(
                TestCalls.capturedCall("api.fintech.example", "/cards", identity, 200, START), "card-number", "email");
        ApiCallRecord profile = withDataClasses(
                TestCalls.capturedCall("api.fintech.example", "/me", identity, 200, START.plusSeconds(1)), "email");
        TestCalls.asSidecar()
                .contentType(ContentType.JSON)
                .body(TestCalls.json(List.of(cards, profile)))
                .post(TestCalls.BATCH)
                .then()
                .statusCode(202);

        // Then
        asViewer()
                .queryParam("subject", ada)
                .queryParam("dataClass", "card-number")
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items.call.id", contains(cards.id().toString()))
                .body("items[0].call.dataClasses", contains("card-number", "email"));
        asViewer()
                .queryParam("subject", ada)
                .queryParam("dataClass", "email")
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items", hasSize(2));
        asViewer()
                .queryParam("subject", subject)
                .queryParam("dataClass", "email")
                .get("/api/v1/calls")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    private static ApiCallRecord withDataClasses(ApiCallRecord call, String... dataClasses) {
        return TestCalls.inspected(call, null, List.of(dataClasses));
    }

    @Test
    void theAuditTrailOfOnePersonCountsWhatTheyTouched() {
        asViewer()
                .get("/api/v1/audit/subjects/{subject}", subject)
                .then()
                .statusCode(200)
                .body("calls", equalTo(7))
                .body("firstSeen", equalTo(START.toString()))
                .body("lastSeen", equalTo(START.plus(6, ChronoUnit.MINUTES).toString()))
                .body("serviceAccounts", contains("FinTech_User_01"))
                .body("clientIps", contains("203.0.113.7"))
                .body("apis", hasSize(1))
                .body("apis[0].pathTemplate", equalTo("/accounts/{id}/statements"))
                .body("apis[0].calls", equalTo(7))
                // most touched first, then most recently touched
                .body("objects.objectId", contains("1", "3", "2"))
                .body("objects.calls", contains(3, 2, 2));
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        asViewer()
                .queryParam("status", "2xy")
                .get("/api/v1/calls")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("status must be"));
        asViewer()
                .queryParam("from", "yesterday")
                .get("/api/v1/calls")
                .then()
                .statusCode(400)
                .body("detail", containsString("from must be an ISO-8601 instant"));
        asViewer()
                .queryParam("cursor", "bm90LWEtY3Vyc29y")
                .get("/api/v1/calls")
                .then()
                .statusCode(400)
                .body("detail", containsString("cursor"));
        asViewer().queryParam("limit", 0).get("/api/v1/calls").then().statusCode(400);
        asViewer().queryParam("object", "1044").get("/api/v1/calls").then().statusCode(400);
        asViewer().queryParam("decision", "maybe").get("/api/v1/calls").then().statusCode(400);
        asViewer()
                .queryParam("dataClass", "cards")
                .get("/api/v1/calls")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        containsString("dataClass must be one of [card-number, iban, national-id, email, token]"));
        asViewer()
                .get("/api/v1/audit/subjects/{subject}", "nobody@nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
