package io.apiguard.sidecar.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
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
 * Credential stuffing over rotating addresses, at the real listener: a signed rule that shares one bucket among every
 * caller of the login operation answers 429 past its rate, whichever address each attempt comes from (the test
 * profile trusts 127.0.0.1 as a proxy, so {@code X-Forwarded-For} names the client), and the API's other operation
 * still answers.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class SharedRateLimitAtTheProxyTest {

    /** One call a second: the bucket refills slower than any machine sends 50 calls, so the bound below is tight. */
    private static final int RATE = 1;

    private static final int ATTEMPTS = 50;

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
    void loginsFromRotatingAddressesAreLimitedTogetherAndAnotherOperationStillAnswers() {
        // Given: a shop API whose POST /login shares one bucket of one call per second among every caller
        String run = UUID.randomUUID().toString().substring(0, 8);
        String host = "shop-" + run + ".example";
        String api = "api-shop-" + run;
        Instant now = Instant.now();
        EnforcementRule login = new EnforcementRule(
                "login-" + run,
                new EnforcementRule.Match(null, null, null, api, "POST", "/login", null),
                RuleAction.RATE_LIMIT,
                RATE,
                "login-failure-surge",
                "det-surge",
                "policy",
                now,
                now.plus(Duration.ofHours(1)),
                RuleMode.ENFORCE,
                RateKey.OPERATION);
        RuleSet set = RuleSet.of(
                enforcement.activeSet().version() + 1,
                now,
                List.of(login),
                null,
                null,
                null,
                List.of(new RuleSet.Route(api, host, "/", MatchType.PREFIX, List.of(), List.of())));
        String signed = RuleSetKeys.shared()
                .signer()
                .sign(RuleSetDocument.write(set), set.version(), name.id(), now, Duration.ofMinutes(5));
        RuleSetReceiver.Received received = receiver.receive(signed, "push");
        assertThat(received.errors()).isEmpty();
        assertThat(received.install().inForce()).isTrue();
        assertThat(enforcement.activeSet().rules())
                .singleElement()
                .satisfies(rule -> assertThat(rule.rateKey()).isEqualTo(RateKey.OPERATION));

        // When: 50 login attempts, each from a new address, as fast as the test sends them
        int limited = 0;
        int answered = 0;
        io.restassured.response.Response firstLimited = null;
        long started = System.nanoTime();
        for (int i = 0; i < ATTEMPTS; i++) {
            io.restassured.response.Response response = given().port(proxy.actualPort())
                    .header("Host", host)
                    .header("X-Forwarded-For", "198.51.100." + (i + 1))
                    .header("User-Agent", "stuffer-" + run)
                    .contentType("application/json")
                    .body("{\"username\":\"user" + i + "\",\"password\":\"guess\"}")
                    .post("/login");
            if (response.statusCode() == 429) {
                limited++;
                firstLimited = firstLimited == null ? response : firstLimited;
            } else if (response.statusCode() == 200) {
                answered++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // Then: only the burst plus the rate over the time the attempts took got through, however many addresses
        // they came from (a bucket per address would have let all 50 through); the rest were answered 429 here
        assertThat(limited + answered).isEqualTo(ATTEMPTS);
        assertThat(answered).isLessThanOrEqualTo(RATE + (int) Math.ceil(seconds * RATE));
        assertThat(limited).isPositive();
        assertThat(firstLimited.contentType()).startsWith("application/problem+json");
        assertThat(firstLimited.jsonPath().getString("ruleId")).isEqualTo("login-" + run);
        assertThat(firstLimited.header("x-upstream")).isNull();
        // an honest caller of the same API's catalogue is untouched
        for (int i = 0; i < 10; i++) {
            given().port(proxy.actualPort())
                    .header("Host", host)
                    .header("X-Forwarded-For", "192.0.2.7")
                    .get("/items/" + i)
                    .then()
                    .statusCode(200)
                    .header("x-upstream", "echo");
        }
        // and the attempts really came from rotating addresses: the sidecar recorded them as the clients
        Set<String> addresses = await().atMost(Duration.ofSeconds(20))
                .until(() -> clientsOf("stuffer-" + run), found -> found.size() == ATTEMPTS);
        assertThat(addresses).allSatisfy(address -> assertThat(address).startsWith("198.51.100."));
    }

    /** The client addresses of the records whose User-Agent is {@code agent}. */
    @SuppressWarnings("unchecked")
    private Set<String> clientsOf(String agent) {
        List<Map<String, Object>> records = given().baseUri(collector)
                .get("/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Set<String> clients = new HashSet<>();
        for (Map<String, Object> record : records) {
            Map<String, Object> source = (Map<String, Object>) record.get("source");
            if (source != null && agent.equals(source.get("userAgent"))) {
                clients.add((String) source.get("clientIp"));
            }
        }
        return clients;
    }
}
