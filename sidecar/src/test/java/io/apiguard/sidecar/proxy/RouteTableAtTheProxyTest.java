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
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.sidecar.TestTokens;
import io.apiguard.sidecar.capture.CollectorResource;
import io.apiguard.sidecar.sync.RuleSetReceiver;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.sidecar.sync.SidecarName;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeys;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The route table of a signed rule set at the proxy: every call gets the api id and the declared template of the
 * route serving it before it is decided, so a rule by api id and a rule on a declared template both block, and both
 * reach the call record; a call to another API is not touched by them.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class RouteTableAtTheProxyTest {

    @Inject
    ProxyServer proxy;

    @Inject
    SidecarEnforcement enforcement;

    @Inject
    RuleSetReceiver receiver;

    @Inject
    SidecarName name;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    @Test
    void rulesByApiIdAndOnADeclaredTemplateBlockCallsOfThatApiOnly() {
        // Given: two APIs on their own hosts; accounts declares /accounts/{accountId}, which the generic templating
        // would never give (it makes /accounts/{id}); one rule blocks the whole cards API, one an accounts operation
        String run = UUID.randomUUID().toString().substring(0, 8);
        String accountsHost = "accounts-" + run + ".bank.example";
        String cardsHost = "cards-" + run + ".bank.example";
        String accounts = "api-accounts-" + run;
        String cards = "api-cards-" + run;
        Instant now = Instant.now();
        RuleSet set = RuleSet.of(
                enforcement.activeSet().version() + 1,
                now,
                List.of(
                        rule(
                                "block-cards-" + run,
                                new EnforcementRule.Match(null, null, null, cards, null, null, null),
                                now),
                        rule(
                                "block-delete-" + run,
                                new EnforcementRule.Match(
                                        null, null, null, null, "DELETE", "/accounts/{accountId}", null),
                                now)),
                null,
                null,
                null,
                List.of(
                        new RuleSet.Route(
                                accounts,
                                accountsHost,
                                "/accounts",
                                MatchType.PREFIX,
                                List.of(new RuleSet.RouteTemplate(null, "/accounts/{accountId}")),
                                List.of(new RuleSet.RouteTemplate("GET", "/accounts/{id}/statements"))),
                        new RuleSet.Route(cards, cardsHost, "/", MatchType.PREFIX, List.of(), List.of())));
        String signed = RuleSetKeys.shared()
                .signer()
                .sign(RuleSetDocument.write(set), set.version(), name.id(), now, Duration.ofMinutes(5));

        // When
        RuleSetReceiver.Received received = receiver.receive(signed, "push");

        // Then
        assertThat(received.errors()).isEmpty();
        assertThat(received.install().inForce()).isTrue();
        assertThat(enforcement.activeSet().routes()).hasSize(2);
        // the rule by api id blocks every call of that API
        call(cardsHost, "GET", "/cards/1", "card-" + run)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .header("x-upstream", nullValue())
                .body("ruleId", equalTo("block-cards-" + run));
        // the rule on the declared template blocks its method on it
        call(accountsHost, "DELETE", "/accounts/1044", "delete-" + run)
                .then()
                .statusCode(403)
                .body("ruleId", equalTo("block-delete-" + run));
        // other methods, other templates and other APIs go through
        call(accountsHost, "GET", "/accounts/1044", "read-" + run)
                .then()
                .statusCode(200)
                .header("x-upstream", "echo");
        call(accountsHost, "GET", "/accounts/1044/statements", "statements-" + run)
                .then()
                .statusCode(200);
        call("other-" + run + ".bank.example", "DELETE", "/accounts/1044", "other-" + run)
                .then()
                .statusCode(200);

        // and every record carries the api id and the template the route table gave (none where no route serves)
        Map<String, Map<String, Object>> apis =
                await().atMost(Duration.ofSeconds(20)).until(() -> apisOf(run), found -> found.size() == 5);
        assertThat(apis.get("card-" + run)).containsEntry("apiId", cards).containsEntry("pathTemplate", null);
        assertThat(apis.get("delete-" + run))
                .containsEntry("apiId", accounts)
                .containsEntry("pathTemplate", "/accounts/{accountId}");
        assertThat(apis.get("read-" + run))
                .containsEntry("apiId", accounts)
                .containsEntry("pathTemplate", "/accounts/{accountId}");
        assertThat(apis.get("statements-" + run))
                .containsEntry("apiId", accounts)
                .containsEntry("pathTemplate", "/accounts/{id}/statements");
        assertThat(apis.get("other-" + run)).containsEntry("apiId", null).containsEntry("pathTemplate", null);
    }

    private static EnforcementRule rule(String id, EnforcementRule.Match match, Instant now) {
        return new EnforcementRule(
                id, match, RuleAction.BLOCK, null, "test", null, "operator", now, null, RuleMode.ENFORCE);
    }

    private io.restassured.response.Response call(String host, String method, String path, String userAgent) {
        return given().port(proxy.actualPort())
                .header("Host", host)
                .header("User-Agent", userAgent)
                .header("X-API-Key", TestTokens.SHARED_ACCOUNT_API_KEY)
                .request(method, path);
    }

    /** The {@code api} of each record of this run, by the User-Agent that marks it. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> apisOf(String run) {
        List<Map<String, Object>> records = given().baseUri(collector)
                .get("/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Map<String, Object>> apis = new java.util.HashMap<>();
        for (Map<String, Object> record : records) {
            Map<String, Object> source = (Map<String, Object>) record.get("source");
            Object agent = source == null ? null : source.get("userAgent");
            if (agent instanceof String marker && marker.endsWith(run)) {
                apis.put(marker, (Map<String, Object>) record.get("api"));
            }
        }
        return apis;
    }
}
