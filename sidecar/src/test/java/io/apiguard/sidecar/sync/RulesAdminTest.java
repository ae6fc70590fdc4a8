package io.apiguard.sidecar.sync;

import static io.apiguard.testing.oidc.Tokens.anonymously;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.sidecar.rules.CallFacts;
import io.apiguard.sidecar.rules.EnforcementDecision;
import io.apiguard.testing.oidc.LocalIssuer.Workload;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeys;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The sidecar's side of distribution over real HTTP: the pull at start and its heartbeat to a stand-in
 * enforcement-service, pushes to the admin endpoint from enforcement-service's service account only, the refusal of
 * pushes signed by another key, for another sidecar, past their validity, invalid or older, a replayed push that
 * installs nothing, the last set kept while enforcement is down and the pull that heals afterwards, and the evidence.
 */
@QuarkusTest
@WithTestResource(value = FakeEnforcementResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesAdminTest {

    /** enforcement-service's service account: the one rule publisher the test profile names. */
    static final Workload ENFORCEMENT = Workload.pod("apiguard", "apiguard-enforcement", "enforcement-0");

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static String capturedPushOfVersion10;
    /**
     * What the versions of this test count from. The Quarkus app is shared by every {@code @QuarkusTest} of the
     * module (their test resources are global), and the tests that run before this one (the proxy's) push sets of
     * their own after the start pull: this test's versions lie above whatever is in force when it begins.
     */
    private static long base;

    @Inject
    SidecarEnforcement enforcement;

    static CallFacts call(String subject) {
        return new CallFacts(
                subject, null, "203.0.113.9", "api-accounts", "GET", "/accounts/{id}", "/accounts/42", null);
    }

    static ValidatableResponse push(String signed) {
        return asWorkload(ENFORCEMENT)
                .contentType(RuleSetJws.MEDIA_TYPE)
                .body(signed.getBytes(StandardCharsets.US_ASCII))
                .put("/api/v1/rules")
                .then();
    }

    static ValidatableResponse push(RuleSet set) {
        return push(FakeEnforcementResource.signed(set));
    }

    /** Version {@code n} of this test. */
    private static long v(long n) {
        return base + n;
    }

    private static RuleSet set(long n, String... subjects) {
        return FakeEnforcementResource.set(v(n), subjects);
    }

    @Test
    @Order(1)
    void pullsTheCurrentSetAtStartAndRegistersWithHeartbeats() {
        // Given: the current set, newer than the one in force (none, or the start pull's, or a set an earlier test
        // pushed); a heartbeat that finds the sidecar behind pulls it, as the start pull does
        base = enforcement.activeSet().version();
        FakeEnforcementResource.serve(set(5, "mallory"));

        await().atMost(WAIT)
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/rules/active")
                        .then()
                        .statusCode(200)
                        .body("version", equalTo((int) v(5)))
                        .body("rules", equalTo(1))
                        .body("source", equalTo("pull"))
                        .body("enforcing", equalTo(true)));
        assertThat(enforcement.decide(call("mallory")).status()).isEqualTo(403);
        assertThat(enforcement.decide(call("alice"))).isSameAs(EnforcementDecision.FORWARD);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(FakeEnforcementResource.REGISTRATIONS)
                        .anySatisfy(beat -> {
                            assertThat(beat.getString("path")).isEqualTo("/api/v1/sidecars/payments/accounts-7d9f-1");
                            assertThat(beat.getString("mode")).isEqualTo("enforce");
                            assertThat(beat.getString("service")).isEqualTo("accounts");
                            // where to push is enforcement-service's to determine, not the sidecar's to say
                            assertThat(beat.containsKey("adminUrl")).isFalse();
                            assertThat(beat.getLong("ruleSetVersion")).isEqualTo(v(5));
                        }));
    }

    @Test
    @Order(2)
    void aSignedPushIsInstalledAtOnce() {
        RuleSet set = set(10, "mallory", "eve");
        capturedPushOfVersion10 = FakeEnforcementResource.signed(set);
        push(capturedPushOfVersion10)
                .statusCode(200)
                .body("version", equalTo((int) v(10)))
                .body("rules", equalTo(2))
                .body("status", equalTo("installed"));

        asViewer()
                .get("/api/v1/rules/active")
                .then()
                .body("version", equalTo((int) v(10)))
                .body("source", equalTo("push"));
        assertThat(enforcement.decide(call("eve")).ruleId()).isEqualTo("block-eve");
        // the same push again is acknowledged, not reinstalled
        push(capturedPushOfVersion10).statusCode(200).body("status", equalTo("unchanged"));
        // the same version with other content is a conflict
        push(set(10, "mallory")).statusCode(409);
    }

    @Test
    @Order(3)
    void onlyEnforcementServicesAccountMayPush() {
        String signed = FakeEnforcementResource.signed(set(11, "alice"));

        byte[] body = signed.getBytes(StandardCharsets.US_ASCII);
        anonymously()
                .contentType(RuleSetJws.MEDIA_TYPE)
                .body(body)
                .put("/api/v1/rules")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        // another pod of the cluster, even with a perfectly signed set, and an operator
        asWorkload(Workload.pod("payments", "default", "curious-0"))
                .contentType(RuleSetJws.MEDIA_TYPE)
                .body(body)
                .put("/api/v1/rules")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asOperator()
                .contentType(RuleSetJws.MEDIA_TYPE)
                .body(body)
                .put("/api/v1/rules")
                .then()
                .statusCode(403);

        asViewer().get("/api/v1/rules/active").then().body("version", equalTo((int) v(10)));
        assertThat(enforcement.decide(call("alice"))).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    @Order(4)
    void aSetSignedByAnUnknownKeyForAnotherSidecarOrPastItsValidityIsRefused() throws Exception {
        RuleSet set = set(11, "alice");
        byte[] document = RuleSetDocument.write(set);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        RuleSetKeys trusted = RuleSetKeys.shared();
        String unknownKey = new RuleSetJws.Signer(generator.generateKeyPair().getPrivate(), trusted.keyId())
                .sign(document, v(11), FakeEnforcementResource.SIDECAR, Instant.now(), Duration.ofMinutes(10));
        String otherSidecar =
                trusted.signer().sign(document, v(11), "payments/other-0", Instant.now(), Duration.ofMinutes(10));
        String expired = trusted.signer()
                .sign(
                        document,
                        v(11),
                        FakeEnforcementResource.SIDECAR,
                        Instant.now().minus(Duration.ofHours(1)),
                        Duration.ofMinutes(10));

        push(unknownKey)
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("does not verify"));
        push(otherSidecar).statusCode(403).body("detail", containsString("another sidecar"));
        push(expired).statusCode(403).body("detail", containsString("past its validity"));
        push("not a signed rule set").statusCode(400);

        asViewer().get("/api/v1/rules/active").then().body("version", equalTo((int) v(10)));
        assertThat(enforcement.decide(call("alice"))).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    @Order(5)
    void anInvalidSetIsRefusedWholeWithPerRuleErrors() {
        String json = """
                {"version": %d, "rules": [
                  {"id": "ok", "match": {"subject": "alice"}, "action": "block", "mode": "enforce"},
                  {"id": "bad", "match": {"clientCidr": "300.1.1.1/8"}, "action": "block", "mode": "enforce"},
                  {"id": "worse", "match": {}, "action": "block", "mode": "enforce"}
                ]}""".formatted(v(12));
        String signed = RuleSetKeys.shared()
                .signer()
                .sign(
                        json.getBytes(StandardCharsets.UTF_8),
                        v(12),
                        FakeEnforcementResource.SIDECAR,
                        Instant.now(),
                        Duration.ofMinutes(10));

        push(signed)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(2))
                .body("errors[0].ruleId", equalTo("bad"))
                .body("errors[0].index", equalTo(1))
                .body("errors[1].index", equalTo(2));

        asViewer().get("/api/v1/rules/active").then().body("version", equalTo((int) v(10)));
        assertThat(enforcement.decide(call("alice"))).isSameAs(EnforcementDecision.FORWARD);
    }

    @Test
    @Order(6)
    void anOlderSetIsRefused() {
        push(set(9, "alice")).statusCode(409).body("activeVersion", equalTo((int) v(10)));
    }

    @Test
    @Order(7)
    void whileEnforcementIsDownTheLastSetHoldsAndAPullHealsAfterwards() {
        // Given: enforcement-service goes down
        FakeEnforcementResource.down(true);
        FakeEnforcementResource.serve(set(20, "mallory", "eve", "trudy"));

        // Then: pulls and heartbeats fail, the set in force stays and keeps blocking
        await().pollDelay(Duration.ofSeconds(2))
                .atMost(WAIT)
                .untilAsserted(
                        () -> asViewer().get("/api/v1/rules/active").then().body("version", equalTo((int) v(10))));
        assertThat(enforcement.decide(call("eve")).status()).isEqualTo(403);

        // When it comes back, the fallback pull brings the missed set
        FakeEnforcementResource.down(false);
        await().atMost(WAIT)
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/rules/active")
                        .then()
                        .body("version", equalTo((int) v(20)))
                        .body("source", equalTo("pull")));
        assertThat(enforcement.decide(call("trudy")).ruleId()).isEqualTo("block-trudy");
    }

    @Test
    @Order(8)
    void aCapturedPushReplayedLaterInstallsNothing() {
        // When: the push of version 10, captured on the wire, is sent again now that 20 is in force
        push(capturedPushOfVersion10).statusCode(409).body("activeVersion", equalTo((int) v(20)));

        // Then
        asViewer().get("/api/v1/rules/active").then().body("version", equalTo((int) v(20)));
        assertThat(enforcement.decide(call("trudy")).ruleId()).isEqualTo("block-trudy");
    }

    @Test
    @Order(9)
    void statusShowsTheEnforcementEvidence() {
        asViewer()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .body("evidence.sidecar.ruleSetVersion", equalTo((int) v(20)))
                .body("evidence.sidecar.rulesActive", equalTo(3))
                .body("evidence.sidecar.enforcing", equalTo(true));
    }
}
