package io.apiguard.enforcement;

import static io.apiguard.enforcement.EnforcementFixture.WAIT;
import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ChangeKind;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.InventoryChange;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.events.Severity;
import io.apiguard.common.events.Topics;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.oidc.Tokens;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeys;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The control plane end to end on the real broker and database, with a real HTTP sidecar stand-in that verifies
 * every push: operator rules, detections through policy, expiry, withdrawal, retries, and the Level 5 evidence; and
 * its front door: who may make rules, which pod may register as which sidecar, what a pulled set is good for.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class EnforcementFlowTest {

    @Inject
    EnforcementFixture fixture;

    @BeforeEach
    void registerTheSidecar() {
        EnforcementFixture.registerTheSidecar();
    }

    static Detection detection(
            String id,
            String subject,
            List<String> ips,
            String action,
            Severity severity,
            double confidence,
            DetectionState state) {
        return EnforcementFixture.detection(
                id, subject, ips, List.of(), action, severity, confidence, state, Instant.now());
    }

    /** The rules at the sidecar made from detection {@code detectionId}. */
    static List<EnforcementRule> rulesAtSidecarOf(String detectionId) {
        RuleSet last = FakeSidecar.last();
        return last == null
                ? List.of()
                : last.rules().stream()
                        .filter(rule -> detectionId.equals(rule.detectionId()))
                        .toList();
    }

    static EnforcementRule ruleAtSidecar(String subject) {
        RuleSet last = FakeSidecar.last();
        return last == null
                ? null
                : last.rules().stream()
                        .filter(rule -> subject.equals(rule.match().subject()))
                        .findFirst()
                        .orElse(null);
    }

    @Test
    void anInvalidRuleIsRefusedWithProblemJson() {
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of("match", Map.of(), "action", "block"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("at least one field"));
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "match", Map.of("clientCidr", "10.0.0.0/40", "payloadSignature", "nope"), "action", "block"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(2));
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of("match", Map.of("subject", "svc-backup"), "action", "block"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("allowlisted"));
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of("match", Map.of("subject", "x"), "action", "rate-limit"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("detail", containsString("ratePerSecond"));
        asOperator()
                .contentType(ContentType.JSON)
                .body("{not json")
                .post("/api/v1/rules")
                .then()
                .statusCode(400);
        asViewer().get("/api/v1/rules/nope").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anOperatorSetsTheRateKeyOfARateLimitAndABadOneIsRefusedWithProblemJson() {
        // When: one bucket shared by every caller of the login operation
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "id",
                        "op-login-shared",
                        "match",
                        Map.of("apiId", "api-shop", "method", "POST", "pathTemplate", "/login"),
                        "action",
                        "rate-limit",
                        "ratePerSecond",
                        20,
                        "rateKey",
                        "operation"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .body("rule.rateKey", equalTo("operation"));

        // Then: stored as asked, and read back
        asViewer()
                .get("/api/v1/rules/op-login-shared")
                .then()
                .statusCode(200)
                .body("rule.rateKey", equalTo("operation"));
        asOperator().delete("/api/v1/rules/op-login-shared").then().statusCode(204);

        // and a key no sidecar knows, a shared key on a block, an operation key without a template are refused
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "match",
                        Map.of("apiId", "api-shop"),
                        "action",
                        "rate-limit",
                        "ratePerSecond",
                        20,
                        "rateKey",
                        "planet"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of("match", Map.of("apiId", "api-shop"), "action", "block", "rateKey", "api"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("rateKey is only for rate-limit rules"));
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "match",
                        Map.of("apiId", "api-shop"),
                        "action",
                        "rate-limit",
                        "ratePerSecond",
                        20,
                        "rateKey",
                        "operation"))
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].message", containsString("rateKey operation needs match.pathTemplate"));
    }

    @Test
    void anOperatorRuleReachesTheSidecarSignedAndLeavesWhenDeleted() throws Exception {
        try (TopicReader events = new TopicReader(Topics.ENFORCEMENT)) {
            // When
            asOperator()
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "id",
                            "op-block-trudy",
                            "match",
                            Map.of("subject", "trudy", "method", "delete", "pathTemplate", "/accounts/{id}"),
                            "action",
                            "block",
                            "reason",
                            "ticket SEC-12"))
                    .post("/api/v1/rules")
                    .then()
                    .statusCode(201)
                    .header("Location", containsString("/api/v1/rules/op-block-trudy"))
                    .body("rule.match.method", equalTo("DELETE"))
                    .body("state", equalTo("active"));

            // Then: pushed, signed, acknowledged, announced
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(ruleAtSidecar("trudy")).isNotNull());
            long version = FakeSidecar.last().version();
            await().atMost(WAIT)
                    .untilAsserted(() -> asViewer()
                            .get("/api/v1/sidecars")
                            .then()
                            .body("find { it.id == 'payments/accounts-7d9f-1' }.ackedVersion", equalTo((int) version))
                            .body("find { it.id == 'payments/accounts-7d9f-1' }.current", equalTo(true)));
            events.await(
                    record -> record.value().contains("rule-created")
                            && record.value().contains("op-block-trudy")
                            && "op-block-trudy".equals(record.key()),
                    1);
            events.await(
                    record -> record.value().contains("rule-set-pushed")
                            && "payments/accounts-7d9f-1".equals(record.key()),
                    1);
            assertThat(FakeSidecar.audiences()).contains("payments/accounts-7d9f-1");
            asViewer().get("/api/v1/rules/op-block-trudy").then().body("rule.createdBy", equalTo(Tokens.OPERATOR));

            // And the pull serves the same set, signed for the pulling pod
            Response pulled = asWorkload(EnforcementFixture.sidecar("payments", "accounts-7d9f-1"))
                    .get("/api/v1/rule-set");
            pulled.then().statusCode(200).contentType(RuleSetJws.MEDIA_TYPE);
            RuleSetJws.Verified verified = RuleSetKeys.shared()
                    .verifier()
                    .verify(pulled.asString(), "payments/accounts-7d9f-1", Instant.now(), true);
            assertThat(verified.valid()).isTrue();
            RuleSet set = RuleSetDocument.parse(verified.document()).ruleSet();
            assertThat(set.version()).isGreaterThanOrEqualTo(version);
            assertThat(set.allowlist().subjects()).contains("svc-backup");
            assertThat(set.namespaceModes()).containsEntry("sandbox", RuleMode.MONITOR);

            // When deleted
            asOperator().delete("/api/v1/rules/op-block-trudy").then().statusCode(204);
            asOperator().delete("/api/v1/rules/op-block-trudy").then().statusCode(404);

            // Then it leaves the sidecar's set
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(ruleAtSidecar("trudy")).isNull());
            asViewer()
                    .get("/api/v1/rules/op-block-trudy")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("deleted"));
        }
    }

    @Test
    void aDetectionInEnforceModeBecomesABlockRuleAtTheSidecar() throws Exception {
        // When
        fixture.publish(
                Topics.DETECTIONS,
                "mallory",
                detection(
                        "det-enum-1",
                        "mallory",
                        List.of("203.0.113.9"),
                        "block-subject",
                        Severity.HIGH,
                        0.93,
                        DetectionState.OPEN));

        // Then
        await().atMost(WAIT).untilAsserted(() -> {
            EnforcementRule rule = ruleAtSidecar("mallory");
            assertThat(rule).isNotNull();
            assertThat(rule.action()).isEqualTo(RuleAction.BLOCK);
            assertThat(rule.mode()).isEqualTo(RuleMode.ENFORCE);
            assertThat(rule.createdBy()).isEqualTo(RuleSet.POLICY);
            assertThat(rule.detectionId()).isEqualTo("det-enum-1");
            assertThat(rule.expiresAt()).isAfter(Instant.now().plusSeconds(3000));
        });

        // And a false positive withdraws it
        fixture.publish(
                Topics.DETECTIONS,
                "mallory",
                detection(
                        "det-enum-1",
                        "mallory",
                        List.of("203.0.113.9"),
                        "monitor",
                        Severity.HIGH,
                        0.93,
                        DetectionState.FALSE_POSITIVE));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ruleAtSidecar("mallory")).isNull());
    }

    @Test
    void rateLimitAndAddressRecommendationsBecomeTheirRules() throws Exception {
        fixture.publish(
                Topics.DETECTIONS,
                "eve",
                detection(
                        "det-rate-1",
                        "eve",
                        List.of(),
                        "rate-limit-subject",
                        Severity.CRITICAL,
                        0.99,
                        DetectionState.ONGOING));
        fixture.publish(
                Topics.DETECTIONS,
                "ip:198.51.100.23",
                detection(
                        "det-ip-1",
                        null,
                        List.of("198.51.100.23", "10.99.1.1"),
                        "block-ip",
                        Severity.HIGH,
                        0.9,
                        DetectionState.OPEN));

        await().atMost(WAIT).untilAsserted(() -> {
            EnforcementRule limit = ruleAtSidecar("eve");
            assertThat(limit).isNotNull();
            assertThat(limit.action()).isEqualTo(RuleAction.RATE_LIMIT);
            assertThat(limit.ratePerSecond()).isEqualTo(10);
            List<String> blocks = FakeSidecar.last().rules().stream()
                    .map(rule -> rule.match().clientCidr())
                    .filter(cidr -> cidr != null)
                    .toList();
            // the allowlisted address got no rule
            assertThat(blocks).contains("198.51.100.23").doesNotContain("10.99.1.1");
        });
    }

    @Test
    void anUnverifiedCallersDetectionsBlockItsCredentialAndAddressNeverTheSubjectsItClaimed() throws Exception {
        // Given an unknown API key (whose calls claimed to be alice) enumerating from rotating addresses, and an
        // address whose calls each carried a fresh unsigned token naming bob, carol, ...: detections with no subject
        String key = "sha256:feedfacefeedfac1";
        fixture.publish(
                Topics.DETECTIONS,
                "fp:" + key,
                EnforcementFixture.detection(
                        "det-cred-1",
                        null,
                        List.of("203.0.113.77", "203.0.113.78"),
                        List.of(key),
                        "block-credential",
                        Severity.CRITICAL,
                        0.95,
                        DetectionState.OPEN,
                        Instant.now()));
        fixture.publish(
                Topics.DETECTIONS,
                "ip:203.0.113.79",
                EnforcementFixture.detection(
                        "det-addr-1",
                        null,
                        List.of("203.0.113.79"),
                        List.of("sha256:0000000000000b0b", "sha256:000000000000ca01"),
                        "block-ip",
                        Severity.HIGH,
                        0.9,
                        DetectionState.OPEN,
                        Instant.now()));

        // Then the sidecar blocks the credential wherever it comes from, and the address whatever it presents
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rulesAtSidecarOf("det-cred-1")).singleElement().satisfies(rule -> {
                assertThat(rule.match()).isEqualTo(new EnforcementRule.Match(null, key, null, null, null, null, null));
                assertThat(rule.action()).isEqualTo(RuleAction.BLOCK);
                assertThat(rule.mode()).isEqualTo(RuleMode.ENFORCE);
            });
            assertThat(rulesAtSidecarOf("det-addr-1"))
                    .singleElement()
                    .satisfies(rule -> assertThat(rule.match())
                            .isEqualTo(new EnforcementRule.Match(null, null, "203.0.113.79", null, null, null, null)));
        });
        // And nobody is blocked as a subject: not alice, bob or carol, whom the calls claimed to be
        assertThat(FakeSidecar.last().rules())
                .filteredOn(rule -> List.of("det-cred-1", "det-addr-1").contains(rule.detectionId()))
                .hasSize(2)
                .allSatisfy(rule -> assertThat(rule.match().subject()).isNull());
        assertThat(ruleAtSidecar("alice")).isNull();
        assertThat(ruleAtSidecar("bob")).isNull();
        asViewer()
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .body("find { it.rule.detectionId == 'det-cred-1' }.rule.match.credentialFingerprint", equalTo(key))
                .body(
                        "find { it.rule.detectionId == 'det-cred-1' }.rule.match.subject",
                        org.hamcrest.Matchers.nullValue());
        asViewer()
                .get("/api/v1/policy")
                .then()
                .statusCode(200)
                .body("actions", org.hamcrest.Matchers.hasItems("block-credential", "rate-limit-credential"))
                .body("maxFingerprintsPerDetection", equalTo(20))
                .body("apiRateLimit.key", equalTo("operation"))
                .body("apiRateLimit.ratePerSecond", equalTo(50))
                .body("apiRateLimit.operations", org.hamcrest.Matchers.hasItem("POST /login"));
    }

    @Test
    void aRateLimitApiDetectionReachesTheSidecarAsSharedBucketsOnTheLoginOperations() throws Exception {
        // When: stuffing over rotating addresses is detected on api-accounts
        fixture.publish(
                Topics.DETECTIONS,
                "login:api-accounts",
                EnforcementFixture.detection(
                        "det-stuffing-1",
                        null,
                        List.of("198.51.100.1", "198.51.100.2"),
                        List.of(),
                        "rate-limit-api",
                        Severity.HIGH,
                        0.9,
                        DetectionState.OPEN,
                        Instant.now()));

        // Then: the signed set carries one rate limit per login operation, each a bucket every caller shares, and
        // none on the addresses, which rotate
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(rulesAtSidecarOf("det-stuffing-1"))
                        .hasSize(6)
                        .allSatisfy(rule -> {
                            assertThat(rule.action()).isEqualTo(RuleAction.RATE_LIMIT);
                            assertThat(rule.rateKey()).isEqualTo(io.apiguard.common.events.RateKey.OPERATION);
                            assertThat(rule.ratePerSecond()).isEqualTo(50);
                            assertThat(rule.match().apiId()).isEqualTo("api-accounts");
                            assertThat(rule.match().pathTemplate()).isNotNull();
                            assertThat(rule.match().clientCidr()).isNull();
                        })
                        .anySatisfy(
                                rule -> assertThat(rule.match().pathTemplate()).isEqualTo("/login")));
        asViewer()
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .body(
                        "find { it.rule.detectionId == 'det-stuffing-1' && it.rule.match.pathTemplate == '/login' }"
                                + ".rule.rateKey",
                        equalTo("operation"));
    }

    @Test
    void belowThresholdAndAllowlistedDetectionsMakeNoRule() throws Exception {
        fixture.publish(
                Topics.DETECTIONS,
                "carol",
                detection(
                        "det-low-1", "carol", List.of(), "block-subject", Severity.MEDIUM, 0.99, DetectionState.OPEN));
        fixture.publish(
                Topics.DETECTIONS,
                "dave",
                detection("det-unsure-1", "dave", List.of(), "block-subject", Severity.HIGH, 0.3, DetectionState.OPEN));
        fixture.publish(
                Topics.DETECTIONS,
                "svc-backup",
                detection(
                        "det-allow-1",
                        "svc-backup",
                        List.of(),
                        "block-subject",
                        Severity.CRITICAL,
                        1.0,
                        DetectionState.OPEN));
        // a detection that does qualify, published after them, shows the others were consumed
        fixture.publish(
                Topics.DETECTIONS,
                "oscar",
                detection(
                        "det-marker-1", "oscar", List.of(), "block-subject", Severity.HIGH, 0.95, DetectionState.OPEN));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ruleAtSidecar("oscar")).isNotNull());
        assertThat(ruleAtSidecar("carol")).isNull();
        assertThat(ruleAtSidecar("dave")).isNull();
        assertThat(ruleAtSidecar("svc-backup")).isNull();
    }

    @Test
    void anExpiredRuleLeavesTheActiveSetOnTime() {
        try (TopicReader events = new TopicReader(Topics.ENFORCEMENT)) {
            asOperator()
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "id", "op-ttl", "match", Map.of("subject", "victor"), "action", "block", "ttl", "PT2S"))
                    .post("/api/v1/rules")
                    .then()
                    .statusCode(201);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(ruleAtSidecar("victor")).isNotNull());

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(ruleAtSidecar("victor")).isNull());
            asViewer().get("/api/v1/rules/op-ttl").then().body("state", equalTo("expired"));
            events.await(
                    record -> "op-ttl".equals(record.key()) && record.value().contains("rule-expired"), 1);
        }
    }

    @Test
    void aFailingSidecarIsRetriedWithBackoffUntilItAcknowledges() {
        // Given: the sidecar answers 503 to the next two pushes
        FakeSidecar.failNext(2);
        int failedBefore = FakeSidecar.failed();

        // When
        asOperator()
                .contentType(ContentType.JSON)
                .body(Map.of("id", "op-retry", "match", Map.of("subject", "wendy"), "action", "block"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);

        // Then
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ruleAtSidecar("wendy")).isNotNull());
        assertThat(FakeSidecar.failed() - failedBefore).isEqualTo(2);
    }

    @Test
    void statusReportsLevelFiveEvidence() throws Exception {
        // Given: an external API whose backend the registered sidecar fronts, and one nobody fronts
        Instant now = Instant.now();
        fixture.publish(
                Topics.INVENTORY,
                "api-accounts",
                new InventoryChange(
                        ChangeKind.UPSERTED,
                        EnforcementFixture.api("api-accounts", "accounts", "payments", Exposure.EXTERNAL),
                        now));
        fixture.publish(
                Topics.INVENTORY,
                "api-shop",
                new InventoryChange(
                        ChangeKind.UPSERTED,
                        EnforcementFixture.api("api-shop", "shop", "retail", Exposure.EXTERNAL),
                        now));

        // Then
        await().atMost(WAIT)
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/status")
                        .then()
                        .statusCode(200)
                        .body("level", equalTo(5))
                        .body("evidence.enforcement.externalApis", equalTo(2))
                        .body("evidence.enforcement.externalApisCoveredShare", equalTo(0.5f))
                        .body("evidence.enforcement.sidecarsEnforcing", greaterThanOrEqualTo(1))
                        .body("evidence.enforcement.ruleSetVersion", greaterThanOrEqualTo(1)));
        await().atMost(WAIT)
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/status")
                        .then()
                        .body("evidence.enforcement.sidecarsCurrentShare", equalTo(1.0f)));
        asViewer()
                .get("/api/v1/policy")
                .then()
                .statusCode(200)
                .body("mode", equalTo("enforce"))
                .body("namespaceModes.sandbox", equalTo("monitor"))
                .body("allowlist.pathPrefixes", org.hamcrest.Matchers.hasItem("/healthz"));
    }

    @Test
    void aBadRegistrationIsRefusedWithProblemJson() {
        asWorkload(EnforcementFixture.sidecar("payments", "p1"))
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "destroy"))
                .put("/api/v1/sidecars/payments/p1")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asWorkload(EnforcementFixture.sidecar("Bad_Namespace", "p1"))
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "enforce"))
                .put("/api/v1/sidecars/Bad_Namespace/p1")
                .then()
                .statusCode(400);
    }
}
