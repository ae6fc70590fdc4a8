package io.apiguard.sidecar.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.sidecar.TestTokens;
import io.apiguard.sidecar.capture.CollectorResource;
import io.apiguard.sidecar.sync.RuleSetReceiver;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.sidecar.sync.SidecarName;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeys;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The positive model through the real listener, with a signed rule set: three APIs share one spec (a POST with a
 * JSON body) and differ in their mode. A call that breaks the spec is recorded in monitor mode, answered 400
 * problem+json in enforce mode (never reaching the API), and forwarded untouched when the spec is off; a mass
 * assignment is refused, an honest write passes, a signature block stays a 403, and a body over the inspection
 * bound streams through whole.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class SpecValidationAtTheProxyTest {

    private static final String ACCOUNT = """
            {"type":"object","required":["owner","currency"],"properties":{
              "owner":{"type":"string","maxLength":60},
              "currency":{"type":"string","enum":["EUR","USD"]},
              "note":{"type":"string"}}}""";

    @Inject
    ProxyServer proxy;

    @Inject
    SidecarEnforcement enforcement;

    @Inject
    RuleSetReceiver receiver;

    @Inject
    SidecarName name;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    @ConfigProperty(name = "apiguard.sidecar.upstream")
    String upstream;

    private String run;

    @BeforeEach
    void specsInForce() throws Exception {
        // Given: one spec, three APIs on their own hosts in each mode, and a signature rule
        run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        RequestContract openAccount =
                new RequestContract(List.of(), true, Map.of("application/json", new ObjectMapper().readTree(ACCOUNT)));
        List<RuleSet.Route> routes = List.of(
                route(SpecValidation.OFF, openAccount),
                route(SpecValidation.MONITOR, openAccount),
                route(SpecValidation.ENFORCE, openAccount));
        RuleSet set = RuleSet.of(
                enforcement.activeSet().version() + 1,
                now,
                List.of(new EnforcementRule(
                        "sqli-" + run,
                        new EnforcementRule.Match(null, null, null, null, null, null, "sql-injection"),
                        RuleAction.BLOCK,
                        null,
                        "sql injection anywhere",
                        null,
                        "operator",
                        now,
                        null,
                        RuleMode.ENFORCE)),
                null,
                null,
                null,
                routes);
        String signed = RuleSetKeys.shared()
                .signer()
                .sign(RuleSetDocument.write(set), set.version(), name.id(), now, Duration.ofMinutes(5));
        RuleSetReceiver.Received received = receiver.receive(signed, "push");
        assertThat(received.errors()).isEmpty();
        assertThat(received.install().inForce()).isTrue();
        assertThat(enforcement.positiveModel().checkedOperations()).isEqualTo(2);
    }

    @Test
    void aCallThatBreaksTheSpecIsRecordedInMonitorRefusedInEnforceAndUntouchedWhenOff() {
        // Given: a currency the spec does not allow
        String body = "{\"owner\":\"Ada\",\"currency\":\"XBT\"}";
        double refusedBefore = counted("invalid-body", "enforce");

        // When / Then: off forwards it as it came
        post("off", "off", body)
                .then()
                .statusCode(200)
                .header("x-upstream", "echo")
                .body("body", equalTo(body));
        // monitor forwards it too
        post("monitor", "monitor", body).then().statusCode(200).header("x-upstream", "echo");
        // enforce answers it here, naming the check and where, never echoing the payload
        post("enforce", "enforce", body)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .header("x-upstream", nullValue())
                .body("status", equalTo(400))
                .body("check", equalTo("invalid-body"))
                .body("location", equalTo("body/currency"))
                .body("ruleId", equalTo("spec/invalid-body"))
                .body(not(org.hamcrest.Matchers.containsString("XBT")));
        // a call the spec does not declare
        call("enforce", "undeclared")
                .get("/accounts/1044")
                .then()
                .statusCode(400)
                .body("check", equalTo("undeclared-operation"))
                .body("location", equalTo("path"));

        // Then: what each record says
        Map<String, Map<String, Object>> records =
                await().atMost(Duration.ofSeconds(20)).until(this::records, found -> found.size() >= 4);
        assertThat(records.get("off").get("inspection")).isNotNull();
        assertThat(inspection(records.get("off"))).containsEntry("operation", null);
        assertThat(violations(records.get("off"))).isEmpty();
        assertThat(decision(records.get("monitor"))).containsEntry("outcome", "allowed");
        assertThat(inspection(records.get("monitor"))).containsEntry("operation", "openAccount");
        assertThat(violations(records.get("monitor")))
                .singleElement()
                .satisfies(violation -> assertThat(violation)
                        .containsEntry("kind", "spec")
                        .containsEntry("id", "invalid-body")
                        .containsEntry("location", "body/currency"));
        assertThat(records.get("enforce").get("status")).isEqualTo(400);
        assertThat(decision(records.get("enforce")))
                .containsEntry("outcome", "blocked")
                .containsEntry("ruleId", "spec/invalid-body");
        assertThat(violations(records.get("enforce")))
                .singleElement()
                .satisfies(violation -> assertThat(violation).containsEntry("id", "invalid-body"));
        assertThat(violations(records.get("undeclared")))
                .singleElement()
                .satisfies(violation -> assertThat(violation).containsEntry("id", "undeclared-operation"));
        // and it is counted, by check and mode
        assertThat(counted("invalid-body", "enforce")).isEqualTo(refusedBefore + 1);
        assertThat(received())
                .anyMatch(uri -> uri.startsWith("/accounts?off-" + run))
                .anyMatch(uri -> uri.startsWith("/accounts?monitor-" + run))
                .noneMatch(uri -> uri.startsWith("/accounts?enforce-" + run));
    }

    @Test
    void aMassAssignmentIsRefusedAndAnHonestWritePassesInEnforceMode() {
        // When / Then: an isAdmin the spec never declared (nor forbade: no additionalProperties in it)
        post("enforce", "admin", "{\"owner\":\"Ada\",\"currency\":\"EUR\",\"isAdmin\":true}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .header("x-upstream", nullValue())
                .body("check", equalTo("unknown-property"))
                .body("location", equalTo("body/isAdmin"));
        // an honest write goes through, with its operation recorded
        String honest = "{\"owner\":\"Ada O'Brien\",\"currency\":\"EUR\",\"note\":\"salary account, please\"}";
        post("enforce", "honest", honest)
                .then()
                .statusCode(200)
                .header("x-upstream", "echo")
                .body("body", equalTo(honest));

        Map<String, Map<String, Object>> records =
                await().atMost(Duration.ofSeconds(20)).until(this::records, found -> found.size() >= 2);
        assertThat(violations(records.get("admin")))
                .singleElement()
                .satisfies(violation -> assertThat(violation)
                        .containsEntry("id", "unknown-property")
                        .containsEntry("location", "body/isAdmin"));
        assertThat(inspection(records.get("honest")))
                .containsEntry("operation", "openAccount")
                .containsEntry("bodyInspected", true);
        assertThat(violations(records.get("honest"))).isEmpty();
        assertThat(received())
                .anyMatch(uri -> uri.contains("honest-" + run))
                .noneMatch(uri -> uri.contains("admin-" + run));
    }

    @Test
    void aSignatureBlockStaysA403BeforeTheSpecIsLookedAt() {
        // When: an injection that also breaks the spec (an undeclared property)
        post("enforce", "sqli", "{\"owner\":\"x' OR '1'='1\",\"currency\":\"EUR\",\"extra\":1}")
                .then()
                .statusCode(403)
                .body("ruleId", equalTo("sqli-" + run));
    }

    @Test
    void aBodyOverTheInspectionBoundStreamsThroughUnharmed() {
        // Given: a JSON body of 100 KB, over the 64 KB bound, which the spec would refuse (an undeclared property)
        String big = "{\"owner\":\"Ada\",\"currency\":\"EUR\",\"blob\":\"" + "x".repeat(100_000) + "\"}";

        // When / Then: it reaches the API whole
        post("enforce", "big", big)
                .then()
                .statusCode(200)
                .header("x-upstream", "echo")
                .body("bodyLength", equalTo(big.length()));
        Map<String, Map<String, Object>> records =
                await().atMost(Duration.ofSeconds(20)).until(this::records, found -> found.containsKey("big"));
        assertThat(inspection(records.get("big")))
                .containsEntry("bodyOverLimit", true)
                .containsEntry("bodyInspected", false);
        assertThat(violations(records.get("big"))).isEmpty();
    }

    private RuleSet.Route route(SpecValidation mode, RequestContract openAccount) {
        return new RuleSet.Route(
                api(mode.wire()),
                host(mode.wire()),
                "/",
                MatchType.PREFIX,
                List.of(new RuleSet.RouteTemplate("POST", "/accounts", "openAccount", openAccount)),
                List.of(),
                mode);
    }

    private String api(String mode) {
        return "api-" + mode + "-" + run;
    }

    private String host(String mode) {
        return mode + "-" + run + ".bank.example";
    }

    private Response post(String mode, String who, String body) {
        return call(mode, who).contentType("application/json").body(body).post("/accounts?" + who + "-" + run);
    }

    private RequestSpecification call(String mode, String who) {
        return given().port(proxy.actualPort())
                .header("Host", host(mode))
                .header("User-Agent", who + "-" + run)
                .header("X-API-Key", TestTokens.SHARED_ACCOUNT_API_KEY);
    }

    private double counted(String check, String mode) {
        var counter = registry.find("apiguard.sidecar.spec.violations")
                .tag("check", check)
                .tag("mode", mode)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** What reached the API: each call's URI and body. */
    private List<String> received() {
        return given().baseUri(upstream)
                .get("/upstream/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$", String.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inspection(Map<String, Object> record) {
        return (Map<String, Object>) record.get("inspection");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decision(Map<String, Object> record) {
        return (Map<String, Object>) record.get("decision");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> violations(Map<String, Object> record) {
        return (List<Map<String, Object>>) inspection(record).get("violations");
    }

    /** This run's records, by the caller's name in the User-Agent. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> records() {
        List<Map<String, Object>> records = given().baseUri(collector)
                .get("/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Map<String, Object>> found = new HashMap<>();
        String suffix = "-" + run;
        for (Map<String, Object> record : records) {
            Map<String, Object> source = (Map<String, Object>) record.get("source");
            Object agent = source == null ? null : source.get("userAgent");
            if (agent instanceof String marker && marker.endsWith(suffix)) {
                found.put(marker.substring(0, marker.length() - suffix.length()), record);
            }
        }
        return found;
    }
}
