package io.apiguard.sidecar.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.sidecar.TestTokens;
import io.apiguard.sidecar.capture.CollectorResource;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The decision point in the proxy: a blocked call is answered here with a problem and never reaches the API, a
 * monitored one goes through, others pass; each call record carries the decision and the rule.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class EnforcementAtTheProxyTest {

    @Inject
    ProxyServer proxy;

    @Inject
    SidecarEnforcement enforcement;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    @Test
    void blockedCallsAreAnsweredHereAndEveryRecordCarriesItsDecision() {
        // Given: mallory is blocked, wendy is watched (monitor mode), alex is nobody's concern
        String run = UUID.randomUUID().toString().substring(0, 8);
        String mallory = "mallory-" + run;
        String wendy = "wendy-" + run;
        String alex = "alex-" + run;
        Instant now = Instant.now();
        RuleSet rules = RuleSet.of(
                enforcement.activeSet().version() + 1,
                now,
                List.of(
                        new EnforcementRule(
                                "block-" + run,
                                new EnforcementRule.Match(mallory, null, null, null, null, null, null),
                                RuleAction.BLOCK,
                                null,
                                "object enumeration",
                                "det-1",
                                "policy",
                                now,
                                null,
                                RuleMode.ENFORCE),
                        new EnforcementRule(
                                "watch-" + run,
                                new EnforcementRule.Match(wendy, null, null, null, null, null, null),
                                RuleAction.BLOCK,
                                null,
                                "under review",
                                null,
                                "operator",
                                now,
                                null,
                                RuleMode.MONITOR)),
                null,
                null,
                null);
        assertThat(enforcement.install(rules, "test").inForce()).isTrue();

        // When / Then
        given().port(proxy.actualPort())
                .header("X-API-Key", TestTokens.SHARED_ACCOUNT_API_KEY)
                .header("X-End-User", mallory)
                .header("X-Request-Id", "req-" + run)
                .get("/accounts/7")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .header("x-upstream", nullValue())
                .body("ruleId", equalTo("block-" + run))
                .body("requestId", equalTo("req-" + run));
        given().port(proxy.actualPort())
                .header("X-API-Key", TestTokens.SHARED_ACCOUNT_API_KEY)
                .header("X-End-User", wendy)
                .get("/accounts/8")
                .then()
                .statusCode(200)
                .header("x-upstream", "echo");
        given().port(proxy.actualPort())
                .header("X-API-Key", TestTokens.SHARED_ACCOUNT_API_KEY)
                .header("X-End-User", alex)
                .get("/accounts/9")
                .then()
                .statusCode(200)
                .header("x-upstream", "echo");

        // a token anyone could write naming mallory is not mallory: its caller is unverified, known by the token's
        // fingerprint, and a rule on her name applies to her verified calls only (a writable name blocks nobody)
        given().port(proxy.actualPort())
                .header("Authorization", "Bearer " + TestTokens.unsigned("{\"sub\":\"" + mallory + "\"}"))
                .get("/accounts/10")
                .then()
                .statusCode(200)
                .header("x-upstream", "echo");

        Map<String, Map<String, Object>> decisions = await().atMost(Duration.ofSeconds(20))
                .until(() -> decisionsOf(List.of(mallory, wendy, alex)), found -> found.size() == 3);
        assertThat(decisions.get(mallory)).containsEntry("outcome", "blocked").containsEntry("ruleId", "block-" + run);
        assertThat(decisions.get(wendy)).containsEntry("outcome", "monitored").containsEntry("ruleId", "watch-" + run);
        assertThat(decisions.get(alex)).containsEntry("outcome", "allowed");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> decisionsOf(List<String> subjects) {
        List<Map<String, Object>> records = given().baseUri(collector)
                .get("/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Map<String, Object>> decisions = new java.util.HashMap<>();
        for (Map<String, Object> record : records) {
            Object subject = ((Map<String, Object>) record.get("identity")).get("subject");
            if (subject != null && subjects.contains(subject)) {
                decisions.put((String) subject, (Map<String, Object>) record.get("decision"));
            }
        }
        return decisions;
    }
}
