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
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
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
import io.restassured.specification.RequestSpecification;

/**
 * The firewall through the real listener: the proxy reads the body, headers and cookies, the rule engine finds the
 * payload in whichever part it hides, the call is refused before the API sees it, and its record says where the
 * signature matched. The same payloads in the URI alone were all the sidecar saw before.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class PayloadBlockingAtTheProxyTest {

    @Inject
    ProxyServer proxy;

    @Inject
    SidecarEnforcement enforcement;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    private String run;

    @BeforeEach
    void signatureRulesInForce() {
        run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        RuleSet rules = RuleSet.of(
                enforcement.activeSet().version() + 1,
                now,
                List.of(rule("sqli-" + run, "sql-injection", now), rule("xss-" + run, "xss", now)),
                null,
                null,
                null);
        assertThat(enforcement.install(rules, "test").inForce()).isTrue();
    }

    @Test
    void anInjectionInABodyAFormAHeaderOrACookieIsRefusedAndRecordedWithWhereItWas() {
        // When / Then: each hides its payload in another part of the call
        refused(
                "json",
                caller("json").contentType("application/json").body("{\"note\":\"x' OR '1'='1\",\"amount\":12}"),
                "sqli-" + run);
        refused(
                "form",
                caller("form")
                        .contentType("application/x-www-form-urlencoded")
                        .body("name=Alex&comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
                "xss-" + run);
        refused(
                "header",
                caller("header").header("X-Referrer-Note", "1 UNION SELECT password FROM users"),
                "sqli-" + run);
        refused("cookie", caller("cookie").cookie("theme", "<img src=x onerror=alert(1)>"), "xss-" + run);

        // an honest call with a body passes, with its body inspected
        caller("honest")
                .contentType("application/json")
                .body("{\"note\":\"Please select the best option for O'Brien; thanks\"}")
                .post("/accounts/honest-" + run)
                .then()
                .statusCode(200)
                .header("x-upstream", "echo");

        // Then every record says where its signature matched
        assertThat(violationOf("json")).containsEntry("kind", "signature").containsEntry("id", "sql-injection");
        assertThat((String) violationOf("json").get("location")).isEqualTo("body/note");
        assertThat(violationOf("form")).containsEntry("id", "xss").containsEntry("location", "body/comment");
        assertThat(violationOf("header")).containsEntry("id", "sql-injection");
        assertThat((String) violationOf("header").get("location")).isEqualToIgnoringCase("header.x-referrer-note");
        assertThat(violationOf("cookie")).containsEntry("id", "xss").containsEntry("location", "cookie.theme");
        Map<String, Object> honest = await().atMost(Duration.ofSeconds(20))
                .until(() -> inspectionOf("honest"), Optional::isPresent)
                .orElseThrow();
        assertThat(honest).containsEntry("bodyInspected", true);
        assertThat((List<?>) honest.get("violations")).isEmpty();
    }

    private void refused(String who, RequestSpecification call, String ruleId) {
        call.post("/accounts/" + who + "-" + run)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .header("x-upstream", nullValue())
                .body("ruleId", equalTo(ruleId));
    }

    private RequestSpecification caller(String who) {
        return given().port(proxy.actualPort())
                .header("X-API-Key", TestTokens.SHARED_ACCOUNT_API_KEY)
                .header("X-End-User", who + "-" + run);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> violationOf(String who) {
        Map<String, Object> inspection = await().atMost(Duration.ofSeconds(20))
                .until(() -> inspectionOf(who), Optional::isPresent)
                .orElseThrow();
        List<Map<String, Object>> violations = (List<Map<String, Object>>) inspection.get("violations");
        assertThat(violations).as("violations recorded for " + who).hasSize(1);
        return violations.get(0);
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> inspectionOf(String who) {
        List<Map<String, Object>> records = given().baseUri(collector)
                .get("/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        String subject = who + "-" + run;
        return records.stream()
                .filter(record -> subject.equals(((Map<String, Object>) record.get("identity")).get("subject")))
                .map(record -> (Map<String, Object>) record.get("inspection"))
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    private static EnforcementRule rule(String id, String signature, Instant now) {
        return new EnforcementRule(
                id,
                new EnforcementRule.Match(null, null, null, null, null, null, signature),
                RuleAction.BLOCK,
                null,
                signature + " anywhere in the call",
                null,
                "operator",
                now,
                null,
                RuleMode.ENFORCE);
    }
}
