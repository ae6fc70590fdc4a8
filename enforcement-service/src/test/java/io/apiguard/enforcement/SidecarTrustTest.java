package io.apiguard.enforcement;

import static io.apiguard.enforcement.EnforcementFixture.WAIT;
import static io.apiguard.testing.oidc.Tokens.anonymously;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Topics;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.enforcement.sidecars.SidecarRepository;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.LocalIssuer.Workload;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.oidc.Tokens;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeys;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The attacks on the control plane, each refused: a rule without a token or by a viewer, an author named in the body,
 * a pod registering as another, an address or a version the sidecar merely claims, a pulled set replayed elsewhere.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class SidecarTrustTest {

    @Inject
    SidecarRepository sidecars;

    @BeforeEach
    void registerTheSidecar() {
        EnforcementFixture.registerTheSidecar();
    }

    @Test
    void aRuleWithoutATokenOrFromAViewerIsRefusedAndNothingIsMade() {
        Map<String, Object> rule = Map.of("id", "op-anon", "match", Map.of("subject", "victim"), "action", "block");

        anonymously()
                .contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/rules")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        asViewer()
                .contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/rules")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asWorkload(EnforcementFixture.sidecar("payments", "accounts-7d9f-1"))
                .contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/rules")
                .then()
                .statusCode(403);

        asViewer().get("/api/v1/rules/op-anon").then().statusCode(404);
        anonymously().get("/api/v1/rules").then().statusCode(401);
        anonymously().get("/api/v1/sidecars").then().statusCode(401);
    }

    @Test
    void theAuthorOfARuleIsTheTokensSubjectWhateverTheBodySaysAndTheActionIsAudited() {
        try (TopicReader audit = new TopicReader(Topics.AUDIT)) {
            // When: the body names someone else as the author
            asOperator()
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "id",
                            "op-by-token",
                            "match",
                            Map.of("subject", "trudy"),
                            "action",
                            "block",
                            "reason",
                            "SEC-41",
                            "createdBy",
                            "the-ciso"))
                    .post("/api/v1/rules")
                    .then()
                    .statusCode(201)
                    .body("rule.createdBy", equalTo(Tokens.OPERATOR));
            asOperator().delete("/api/v1/rules/op-by-token").then().statusCode(204);

            // Then
            audit.await(
                    record -> Tokens.OPERATOR.equals(record.key())
                            && record.value().contains("\"rule-created\"")
                            && record.value().contains("op-by-token")
                            && record.value().contains("SEC-41"),
                    1);
            audit.await(
                    record -> record.value().contains("\"rule-expired\"")
                            && record.value().contains("op-by-token"),
                    1);
        }
    }

    @Test
    void aPodRegistersOnlyItselfAndOnlyWithAPodBoundToken() {
        Map<String, Object> beat = Map.of("mode", "enforce", "ruleSetVersion", 0);

        asWorkload(EnforcementFixture.sidecar("payments", "attacker-0"))
                .contentType(ContentType.JSON)
                .body(beat)
                .put("/api/v1/sidecars/payments/accounts-7d9f-1")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        asWorkload(new Workload("payments", "default", null, null))
                .contentType(ContentType.JSON)
                .body(beat)
                .put("/api/v1/sidecars/payments/unbound")
                .then()
                .statusCode(403);
        asOperator()
                .contentType(ContentType.JSON)
                .body(beat)
                .put("/api/v1/sidecars/payments/accounts-7d9f-1")
                .then()
                .statusCode(403);
        anonymously()
                .contentType(ContentType.JSON)
                .body(beat)
                .put("/api/v1/sidecars/payments/accounts-7d9f-1")
                .then()
                .statusCode(401);

        asViewer()
                .get("/api/v1/sidecars")
                .then()
                .statusCode(200)
                .body("find { it.id == 'payments/unbound' }", nullValue())
                .body("find { it.id == 'payments/accounts-7d9f-1' }.adminUrl", equalTo(FakeSidecar.adminUrl()));
    }

    @Test
    void thePushAddressComesFromTheConnectionNeverFromTheBody() {
        asWorkload(EnforcementFixture.sidecar("payments", "address-0"))
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "enforce", "ruleSetVersion", 0, "adminUrl", "http://10.66.6.6:22"))
                .put("/api/v1/sidecars/payments/address-0")
                .then()
                .statusCode(200);

        asViewer()
                .get("/api/v1/sidecars")
                .then()
                .body("find { it.id == 'payments/address-0' }.adminUrl", equalTo(FakeSidecar.adminUrl()));
        // pushed there, refused (the stand-in does not answer for that pod), and the error says so without echoing
        await().atMost(WAIT)
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/sidecars")
                        .then()
                        .body(
                                "find { it.id == 'payments/address-0' }.lastError",
                                equalTo("refused by the sidecar (HTTP 403)")));
    }

    @Test
    void aHeartbeatCannotClaimAVersionItWasNeverGiven() {
        // When: a fresh pod claims to enforce a version far ahead
        String id = "payments/claims-0";
        Workload pod = EnforcementFixture.sidecar("payments", "claims-0");
        asWorkload(pod)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "enforce", "ruleSetVersion", 10_000))
                .put("/api/v1/sidecars/payments/claims-0")
                .then()
                .statusCode(200);

        // Then: not believed
        asViewer()
                .get("/api/v1/sidecars")
                .then()
                .body("find { it.id == '" + id + "' }.ackedVersion", equalTo(0))
                .body("find { it.id == '" + id + "' }.current", equalTo(false));

        // When it pulls, the version it was given may be claimed
        String pulled = asWorkload(pod)
                .get("/api/v1/rule-set")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        int current = (int) RuleSetKeys.shared()
                .verifier()
                .verify(pulled, id, Instant.now(), true)
                .version();
        asWorkload(pod)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "enforce", "ruleSetVersion", current))
                .put("/api/v1/sidecars/payments/claims-0")
                .then()
                .statusCode(200);
        asViewer().get("/api/v1/sidecars").then().body("find { it.id == '" + id + "' }.ackedVersion", equalTo(current));
    }

    @Test
    void aPulledSetIsSignedForThePullerAloneAndOnlyWorkloadsMayPull() {
        String jws = asWorkload(EnforcementFixture.sidecar("payments", "accounts-7d9f-1"))
                .get("/api/v1/rule-set")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        RuleSetJws.Verifier verifier = RuleSetKeys.shared().verifier();
        assertThat(verifier.verify(jws, "payments/accounts-7d9f-1", Instant.now(), true)
                        .valid())
                .isTrue();
        assertThat(verifier.verify(jws, "payments/other-0", Instant.now(), true).verdict())
                .isEqualTo(RuleSetJws.Verdict.WRONG_AUDIENCE);

        anonymously().get("/api/v1/rule-set").then().statusCode(401);
        asOperator().get("/api/v1/rule-set").then().statusCode(403);
        asWorkload(new Workload("payments", "default", null, null))
                .get("/api/v1/rule-set")
                .then()
                .statusCode(403);
    }

    @Test
    void registrationsThatStopRenewingAreForgotten() {
        asWorkload(EnforcementFixture.sidecar("payments", "gone-0"))
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "monitor", "ruleSetVersion", 0))
                .put("/api/v1/sidecars/payments/gone-0")
                .then()
                .statusCode(200);

        // When: the registration TTL passes without a heartbeat (as seen from an hour later)
        int forgotten = sidecars.forgetRegistrationsSilentSince(Instant.now().plus(Duration.ofHours(1)))
                .await()
                .atMost(WAIT);

        // Then
        assertThat(forgotten).isGreaterThanOrEqualTo(1);
        asViewer().get("/api/v1/sidecars").then().body("find { it.id == 'payments/gone-0' }", nullValue());
    }
}
