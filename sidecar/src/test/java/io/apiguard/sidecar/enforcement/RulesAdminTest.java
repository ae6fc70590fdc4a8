package io.apiguard.sidecar.enforcement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetSignature;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.apiguard.testing.oidc.OidcIssuerResource;

/**
 * The sidecar's side of distribution over real HTTP: the pull at start and its heartbeat to a stand-in
 * enforcement-service, signed pushes to the admin endpoint (and the refusal of unsigned, forged, stale, invalid and
 * older ones), the last set kept while enforcement is down and the pull that heals afterwards, and the status evidence.
 */
@QuarkusTest
@QuarkusTestResource(FakeEnforcementResource.class)
@QuarkusTestResource(OidcIssuerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesAdminTest {

    private static final RuleSetSignature SIGNER = RuleSetSignature.withSecret(FakeEnforcementResource.SECRET);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    SidecarEnforcement enforcement;

    static CallFacts call(String subject) {
        return new CallFacts(subject, null, "203.0.113.9", "api-accounts", "GET", "/accounts/{id}", "/accounts/42", null);
    }

    static io.restassured.response.ValidatableResponse push(byte[] body, long timestamp, String signature) {
        return given().contentType(ContentType.JSON)
                .header(RuleSetSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RuleSetSignature.SIGNATURE_HEADER, signature)
                .body(body)
                .put("/api/v1/rules").then();
    }

    static io.restassured.response.ValidatableResponse push(RuleSet set) {
        byte[] body = RuleSetDocument.write(set);
        long now = Instant.now().getEpochSecond();
        return push(body, now, SIGNER.sign(now, body));
    }

    @Test
    @Order(1)
    void pullsTheCurrentSetAtStartAndRegistersWithHeartbeats() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/rules/active").then().statusCode(200)
                .body("version", equalTo(5)).body("rules", equalTo(1)).body("source", equalTo("pull"))
                .body("enforcing", equalTo(true)));
        assertThat(enforcement.decide(call("mallory")).status()).isEqualTo(403);
        assertThat(enforcement.decide(call("alice"))).isSameAs(EnforcementDecision.FORWARD);
        await().atMost(WAIT).untilAsserted(() -> assertThat(FakeEnforcementResource.REGISTRATIONS).anySatisfy(beat -> {
            assertThat(beat.getString("path")).isEqualTo("/api/v1/sidecars/payments/accounts-7d9f-1");
            assertThat(beat.getString("mode")).isEqualTo("enforce");
            assertThat(beat.getString("service")).isEqualTo("accounts");
            assertThat(beat.getString("adminUrl")).startsWith("http://");
            assertThat(beat.getLong("ruleSetVersion")).isEqualTo(5L);
        }));
    }

    @Test
    @Order(2)
    void aSignedPushIsInstalledAtOnce() {
        RuleSet set = FakeEnforcementResource.set(10, "mallory", "eve");
        push(set).statusCode(200)
                .body("version", equalTo(10)).body("rules", equalTo(2)).body("status", equalTo("installed"));

        given().get("/api/v1/rules/active").then().body("version", equalTo(10)).body("source", equalTo("push"));
        assertThat(enforcement.decide(call("eve")).ruleId()).isEqualTo("block-eve");
        // the same push again is acknowledged, not reinstalled
        push(set).statusCode(200).body("status", equalTo("unchanged"));
        // the same version with other content is a conflict
        push(FakeEnforcementResource.set(10, "mallory")).statusCode(409);
    }

    @Test
    @Order(3)
    void unsignedForgedAndStalePushesAreRefused() {
        byte[] body = RuleSetDocument.write(FakeEnforcementResource.set(11, "alice"));
        long now = Instant.now().getEpochSecond();
        long old = now - 3600;

        given().contentType(ContentType.JSON).body(body).put("/api/v1/rules").then().statusCode(401)
                .contentType("application/problem+json");
        push(body, now, RuleSetSignature.withSecret("not-the-shared-secret-at-all!").sign(now, body)).statusCode(403)
                .contentType("application/problem+json");
        push(body, now, "v1=00ff").statusCode(403);
        push(body, old, SIGNER.sign(old, body)).statusCode(403).body("detail", containsString("too old"));

        given().get("/api/v1/rules/active").then().body("version", equalTo(10));
        assertThat(enforcement.decide(call("alice"))).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    @Order(4)
    void anInvalidSetIsRefusedWholeWithPerRuleErrors() {
        String json = """
                {"version": 12, "rules": [
                  {"id": "ok", "match": {"subject": "alice"}, "action": "block", "mode": "enforce"},
                  {"id": "bad", "match": {"clientCidr": "300.1.1.1/8"}, "action": "block", "mode": "enforce"},
                  {"id": "worse", "match": {}, "action": "block", "mode": "enforce"}
                ]}""";
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        push(body, now, SIGNER.sign(now, body)).statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(2))
                .body("errors[0].ruleId", equalTo("bad")).body("errors[0].index", equalTo(1))
                .body("errors[1].index", equalTo(2));

        given().get("/api/v1/rules/active").then().body("version", equalTo(10));
        assertThat(enforcement.decide(call("alice"))).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    @Order(5)
    void anOlderSetIsRefused() {
        push(FakeEnforcementResource.set(9, "alice")).statusCode(409).body("activeVersion", equalTo(10));
    }

    @Test
    @Order(6)
    void whileEnforcementIsDownTheLastSetHoldsAndAPullHealsAfterwards() {
        // Given: enforcement-service goes down
        FakeEnforcementResource.down(true);
        FakeEnforcementResource.serve(FakeEnforcementResource.set(20, "mallory", "eve", "trudy"));

        // Then: pulls and heartbeats fail, the set in force stays and keeps blocking
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() ->
                given().get("/api/v1/rules/active").then().body("version", equalTo(10)));
        assertThat(enforcement.decide(call("eve")).status()).isEqualTo(403);

        // When it comes back, the fallback pull brings the missed set
        FakeEnforcementResource.down(false);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/rules/active").then()
                .body("version", equalTo(20)).body("source", equalTo("pull")));
        assertThat(enforcement.decide(call("trudy")).ruleId()).isEqualTo("block-trudy");
    }

    @Test
    @Order(7)
    void statusShowsTheEnforcementEvidence() {
        given().get("/api/v1/status").then().statusCode(200)
                .body("evidence.enforcement.ruleSetVersion", equalTo(20))
                .body("evidence.enforcement.rulesActive", equalTo(3))
                .body("evidence.enforcement.enforcing", equalTo(true));
    }
}
