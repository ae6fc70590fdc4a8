package io.apiguard.sidecar.capture;

import static io.apiguard.testing.contract.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.sidecar.TestTokens;
import io.apiguard.sidecar.proxy.EchoUpstreamResource;
import io.apiguard.sidecar.proxy.ProxyServer;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Real HTTP through the sidecar to a real upstream; the records arrive at a real HTTP stand-in of logging-service. */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class CaptureTest {

    @Inject
    ProxyServer proxy;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    @AfterEach
    void collectorBackUp() {
        given().baseUri(collector).put("/mode/up").then().statusCode(200);
    }

    @Test
    void eachDelegatedPersonBehindTheSharedAccountIsRecordedWithTheRealClient() {
        // Given: the app calls through one shared account (its verified API key) on behalf of three people, behind a
        // trusted proxy
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> people = List.of("alex-" + run, "bea-" + run, "carl-" + run);

        // When
        for (int i = 0; i < people.size(); i++) {
            given().port(proxy.actualPort())
                    .header("X-API-Key", TestTokens.SHARED_ACCOUNT_API_KEY)
                    .header("X-End-User", people.get(i))
                    .header("X-Forwarded-For", "203.0.113.50")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .body("{\"note\":\"" + i + "\"}")
                    .post("/accounts/" + (1040 + i) + "/statements?format=pdf")
                    .then()
                    .statusCode(200)
                    .header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
        }

        // Then
        List<Map<String, Object>> records =
                awaitRecords(record -> subject(record) != null && people.contains(subject(record)), 3);
        for (Map<String, Object> record : records) {
            JsonPath call = JsonPath.from(new io.vertx.core.json.JsonObject(record).encode());
            int i = people.indexOf(call.getString("identity.subject"));
            assertThat(call.getString("identity.serviceAccount")).isEqualTo("FinTech_User_01");
            assertThat(call.getString("identity.principalType")).isEqualTo("user");
            assertThat(call.getString("identity.authMethod")).isEqualTo("api-key");
            assertThat(call.getBoolean("identity.verified")).isTrue();
            assertThat(call.getString("identity.credentialFingerprint"))
                    .isEqualTo(Fingerprints.of(TestTokens.SHARED_ACCOUNT_API_KEY));
            assertThat(call.getString("source.clientIp")).isEqualTo("203.0.113.50");
            assertThat(call.getList("source.forwardedFor")).containsExactly("203.0.113.50");
            assertThat(call.getString("api.method")).isEqualTo("POST");
            assertThat(call.getString("api.path")).isEqualTo("/accounts/" + (1040 + i) + "/statements");
            assertThat(call.getString("api.query")).isEqualTo("format=pdf");
            assertThat(call.getString("objects[0].resourceType")).isEqualTo("accounts");
            assertThat(call.getString("objects[0].objectId")).isEqualTo(String.valueOf(1040 + i));
            assertThat(call.getInt("status")).isEqualTo(200);
            assertThat(call.getLong("requestBytes")).isEqualTo(12);
            assertThat(call.getLong("responseBytes")).isPositive();
            assertThat(call.getLong("durationMicros")).isPositive();
            assertThat(call.getString("decision.outcome")).isEqualTo("allowed");
            assertThat(call.getString("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(call.getString("id")).isNotBlank();
            assertThat(record).doesNotContainKey("headers");
        }
    }

    @Test
    void anUnsignedTokenClaimingTheSharedAccountIsRecordedUnverifiedNeverAsThePersonItNames() {
        // Given: anyone can write a token naming the shared account, and an X-End-User naming someone else
        String run = UUID.randomUUID().toString().substring(0, 8);
        String victim = "alex-" + run;
        String marker = "/forged-" + run;

        // When
        given().port(proxy.actualPort())
                .header("Authorization", "Bearer " + TestTokens.sharedAccount())
                .header("X-End-User", victim)
                .get(marker)
                .then()
                .statusCode(200);

        // Then: the caller is known by the token's fingerprint; the name it claims is kept aside, the person it
        // names appears nowhere
        Map<String, Object> record =
                awaitRecords(found -> path(found).equals(marker), 1).get(0);
        JsonPath call = JsonPath.from(new io.vertx.core.json.JsonObject(record).encode());
        assertThat(call.getString("identity.principalType")).isEqualTo("unverified");
        assertThat(call.getString("identity.subject")).isNull();
        assertThat(call.getString("identity.serviceAccount")).isNull();
        assertThat(call.getBoolean("identity.verified")).isFalse();
        assertThat(call.getString("identity.claimedSubject")).isEqualTo("FinTech_User_01");
        assertThat(call.getString("identity.credentialFingerprint"))
                .isEqualTo(Fingerprints.of(TestTokens.sharedAccount()));
        assertThat(new io.vertx.core.json.JsonObject(record).encode()).doesNotContain(victim);
    }

    @Test
    void aLoggingServiceThatHangsOrFailsNeverHoldsACallAndGetsItsRecordsWhenBack() {
        // Given: logging-service accepts connections but never answers
        given().baseUri(collector).put("/mode/hang").then().statusCode(200);
        String marker = "/outage-" + UUID.randomUUID();
        double deadLetteredBefore = metric("apiguard_sidecar_capture_dead_lettered_total");

        // When: clients keep calling, through a hang and then an outage
        for (int i = 0; i < 150; i++) {
            given().port(proxy.actualPort())
                    .get(marker + "/" + i)
                    .then()
                    .statusCode(200)
                    .time(org.hamcrest.Matchers.lessThan(1_000L));
        }
        given().baseUri(collector).put("/mode/down").then().statusCode(200);
        for (int i = 150; i < 300; i++) {
            given().port(proxy.actualPort())
                    .get(marker + "/" + i)
                    .then()
                    .statusCode(200)
                    .time(org.hamcrest.Matchers.lessThan(1_000L));
        }
        assertThat(received(record -> path(record).startsWith(marker))).isEmpty();

        // Then: once it is back, every record arrives, and none twice
        given().baseUri(collector).put("/mode/up").then().statusCode(200);
        List<Map<String, Object>> records = awaitRecords(record -> path(record).startsWith(marker), 300);
        assertThat(records)
                .extracting(record -> path(record))
                .doesNotHaveDuplicates()
                .hasSize(300);
        // an outage is nobody's fault: no record was dead-lettered for it
        assertThat(metric("apiguard_sidecar_capture_dead_lettered_total")).isEqualTo(deadLetteredBefore);
    }

    @Test
    void aRecordLoggingServiceCannotTakeIsDeadLetteredAndEveryOtherArrivesOnceWhileCallsKeepComing() {
        // Given: logging-service answers 500 to any batch holding one poisoned record, and takes the others
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poison = "poison-pill-" + run;
        String prefix = "/isolation-" + run;
        given().baseUri(collector).put("/mode/poison-" + poison).then().statusCode(200);
        double deadLetteredBefore = metric("apiguard_sidecar_capture_dead_lettered_total");

        // When: the poisoned call comes among others, and calls keep coming
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String path = i == 4 ? prefix + "/" + poison : prefix + "/" + i;
            given().port(proxy.actualPort()).get(path).then().statusCode(200);
            if (i != 4) {
                expected.add(path);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String path = prefix + "/later-" + expected.size();
            given().port(proxy.actualPort()).get(path).then().statusCode(200);
            expected.add(path);
            assertThat(metric("apiguard_sidecar_capture_dead_lettered_total")).isEqualTo(deadLetteredBefore + 1);
        });

        // Then: that record is dead-lettered; every other record arrives, once, including the later ones
        List<Map<String, Object>> records = awaitRecords(record -> path(record).startsWith(prefix), expected.size());
        assertThat(records)
                .extracting(CaptureTest::path)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(metric("apiguard_sidecar_capture_dead_lettered_total")).isEqualTo(deadLetteredBefore + 1);
    }

    @Test
    void aBatchOverLoggingServicesLimitsIsSplitNeverDropped() {
        // Given: logging-service refuses whole (413) any batch of more than one record
        given().baseUri(collector).put("/mode/one-at-a-time").then().statusCode(200);
        double refusedBefore = metric("apiguard_sidecar_capture_refused_total");
        double deadLetteredBefore = metric("apiguard_sidecar_capture_dead_lettered_total");
        String prefix = "/limits-" + UUID.randomUUID();

        // When
        for (int i = 0; i < 20; i++) {
            given().port(proxy.actualPort()).get(prefix + "/" + i).then().statusCode(200);
        }

        // Then: every record arrives once, none counted as refused or dead-lettered
        List<Map<String, Object>> records = awaitRecords(record -> path(record).startsWith(prefix), 20);
        assertThat(records)
                .extracting(CaptureTest::path)
                .doesNotHaveDuplicates()
                .hasSize(20);
        assertThat(metric("apiguard_sidecar_capture_refused_total")).isEqualTo(refusedBefore);
        assertThat(metric("apiguard_sidecar_capture_dead_lettered_total")).isEqualTo(deadLetteredBefore);
    }

    @Test
    void recordsLoggingServiceRefusesAreCountedAndNotResentWhileTheRestArrive() {
        // Given: logging-service refuses the first record of every batch as invalid
        given().baseUri(collector).put("/mode/refuse-first").then().statusCode(200);
        double refusedBefore = metric("apiguard_sidecar_capture_refused_total");
        String marker = "/refusals-" + UUID.randomUUID();

        // When
        given().port(proxy.actualPort()).get(marker + "/1").then().statusCode(200);

        // Then: the single record of that batch is counted as refused, never resent, and nothing else is lost
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(metric("apiguard_sidecar_capture_refused_total"))
                        .isEqualTo(refusedBefore + 1));
        given().baseUri(collector).put("/mode/up").then().statusCode(200);
        given().port(proxy.actualPort()).get(marker + "/2").then().statusCode(200);
        List<Map<String, Object>> records = awaitRecords(record -> path(record).startsWith(marker), 1);
        assertThat(records).extracting(CaptureTest::path).containsExactly(marker + "/2");
        assertThat(metric("apiguard_sidecar_capture_refused_total")).isEqualTo(refusedBefore + 1);
    }

    private static double metric(String name) {
        return management()
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(name + " "))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(name.length() + 1).trim()))
                .findFirst()
                .orElse(0.0);
    }

    private List<Map<String, Object>> awaitRecords(
            java.util.function.Predicate<Map<String, Object>> condition, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> received(condition), found -> found.size() >= count);
    }

    private List<Map<String, Object>> received(java.util.function.Predicate<Map<String, Object>> condition) {
        List<Map<String, Object>> all = given().baseUri(collector)
                .get("/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return all.stream().filter(condition).toList();
    }

    @SuppressWarnings("unchecked")
    private static String subject(Map<String, Object> record) {
        Object identity = record.get("identity");
        return identity instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("subject") : null;
    }

    @SuppressWarnings("unchecked")
    private static String path(Map<String, Object> record) {
        return (String) ((Map<String, Object>) record.get("api")).get("path");
    }
}
