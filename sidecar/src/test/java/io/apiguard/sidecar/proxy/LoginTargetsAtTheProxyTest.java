package io.apiguard.sidecar.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.sidecar.capture.CollectorResource;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Through the real listener: a login call's record names the account it targets by keyed fingerprint, even when no
 * rule in force inspects content (the body is read for it alone); other calls name none; the API gets every body whole.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class LoginTargetsAtTheProxyTest {

    @Inject
    ProxyServer proxy;

    @Inject
    SidecarEnforcement enforcement;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    @ConfigProperty(name = "apiguard.sidecar.login-targets.key")
    String key;

    private final HttpClient http = HttpClient.newHttpClient();
    private String run;

    @BeforeEach
    void noRuleInspectsContent() {
        run = UUID.randomUUID().toString().substring(0, 8);
        RuleSet empty = RuleSet.of(enforcement.activeSet().version() + 1, Instant.now(), List.of(), null, null, null);
        assertThat(enforcement.install(empty, "test").inForce()).isTrue();
        assertThat(enforcement.inspectsContent()).isFalse();
    }

    @Test
    void aLoginsRecordNamesItsTargetAccountByFingerprintAndOtherCallsNameNone() throws Exception {
        // When
        send("/login", "application/json", "{\"username\":\"Alice@Example.com\",\"password\":\"wrong\"}");
        send("/accounts", "application/json", "{\"username\":\"Alice@Example.com\"}");

        // Then
        String expected = Fingerprints.keyed(key.getBytes(StandardCharsets.UTF_8), "alice@example.com");
        JsonObject login = record("/login").getJsonObject("inspection");
        assertThat(login.getString("targetAccount")).isEqualTo(expected);
        assertThat(login.getBoolean("bodyInspected")).isTrue();
        assertThat(login.encode()).doesNotContainIgnoringCase("alice");
        JsonObject other = record("/accounts").getJsonObject("inspection");
        assertThat(other.getString("targetAccount")).isNull();
    }

    private void send(String path, String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.actualPort() + path + "?run=" + run))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // the API receives the body byte for byte
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(answer.body()).getString("bodySha256")).isEqualTo(EchoUpstreamResource.sha256(bytes));
    }

    /** The one record of this run's call to {@code path}. */
    private JsonObject record(String path) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> records(path), found -> found.size() == 1)
                .get(0);
    }

    private List<JsonObject> records(String path) {
        List<JsonObject> found = new ArrayList<>();
        for (Object each : new io.vertx.core.json.JsonArray(
                given().baseUri(collector).get("/received").asString())) {
            JsonObject record = JsonObject.mapFrom(each);
            JsonObject api = record.getJsonObject("api");
            if (path.equals(api.getString("path")) && ("run=" + run).equals(api.getString("query"))) {
                found.add(record);
            }
        }
        return found;
    }
}
