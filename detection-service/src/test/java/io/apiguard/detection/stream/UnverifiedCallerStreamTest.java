package io.apiguard.detection.stream;

import static io.apiguard.testing.oidc.Tokens.asOperator;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.detectors.ObjectEnumerationDetector;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Callers apiguard could not verify, on the real broker and the real PostgreSQL: keyed, stored, published and allowlisted
 * by their address or their credential, never by the subject their token claims.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class UnverifiedCallerStreamTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    /** A /16 of this run's own, so no other test's addresses are mistaken for these. */
    private final int block = Math.floorMod(run.hashCode(), 250);

    private StreamSupport stream;

    @BeforeEach
    void connect() {
        stream = new StreamSupport();
    }

    @AfterEach
    void disconnect() {
        stream.close();
    }

    private String address(int n) {
        return "100.64." + block + "." + n;
    }

    /** A fingerprint of this run: {@code sha256:} and 16 hex digits, as logging-service computes them. */
    private String fingerprint(int n) {
        return "sha256:" + run + String.format("%08x", n);
    }

    @Test
    void anAttackerRotatingItsClaimedSubjectIsDetectedByItsAddressAndNoClaimedNameIsEverDetected() throws Exception {
        // Given
        String attacker = address(1);
        String office = address(2);
        String victim = "victim-" + run + "-";
        long now = System.currentTimeMillis();
        List<ApiCallRecord> calls = new ArrayList<>();

        // When the attacker walks 30 account ids with a fresh unsigned token naming another victim on every call, and
        // 30 verified employees behind one office address each read their own (consecutive) account
        for (int i = 0; i < 30; i++) {
            calls.add(TestCalls.unverified(fingerprint(i), victim + i)
                    .ip(attacker)
                    .at(now + i)
                    .account(String.valueOf(9000 + i)));
            calls.add(TestCalls.by("employee-" + run + "-" + i)
                    .ip(office)
                    .at(now + i)
                    .account(String.valueOf(9000 + i)));
        }
        stream.publishAll(calls);

        // Then the address is detected, named by address and by the credentials it used, and nobody is named
        TopicReader.Received received = stream.awaitRecord(d -> d.clientIps().contains(attacker));
        Detection detection = StreamSupport.parse(received);
        assertThat(received.key()).isEqualTo("ip:" + attacker);
        assertThat(detection.type()).isEqualTo(ObjectEnumerationDetector.TYPE);
        assertThat(detection.subject()).isNull();
        assertThat(detection.clientIps()).containsExactly(attacker);
        assertThat(detection.credentialFingerprints())
                .isNotEmpty()
                .allSatisfy(fp -> assertThat(fp).startsWith("sha256:" + run));
        assertThat(detection.recommendedAction()).isEqualTo("block-ip");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/detections/" + detection.id())
                        .then()
                        .statusCode(200)
                        .body("subject", nullValue())
                        .body("clientIps[0]", equalTo(attacker))
                        .body(
                                "credentialFingerprints",
                                hasItem(detection.credentialFingerprints().get(0)))
                        .body("recommendedAction", equalTo("block-ip")));
        for (int i = 0; i < 30; i += 7) {
            asViewer()
                    .queryParam("subject", victim + i)
                    .get("/api/v1/detections")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(0));
        }
        assertThat(stream.all(Duration.ofMillis(500)))
                .noneMatch(d -> d.clientIps().contains(office))
                .noneMatch(d -> d.subject() != null
                        && (d.subject().startsWith(victim) || d.subject().startsWith("employee-" + run)));
    }

    @Test
    void oneUnverifiedCredentialFromRotatingAddressesIsDetectedByItsFingerprint() throws Exception {
        // Given one unknown API key and 15 addresses, each too quiet to be an enumerator alone
        String key = fingerprint(0xFFFF);
        Random random = new Random(11);
        long now = System.currentTimeMillis();
        List<ApiCallRecord> calls = new ArrayList<>();

        // When the key probes 200 random account ids (all 404), rotating over the addresses
        for (int i = 0; i < 200; i++) {
            calls.add(TestCalls.unverified(key, "alice-" + run)
                    .authMethod(AuthMethod.API_KEY)
                    .ip(address(10 + i % 15))
                    .status(404)
                    .at(now + i)
                    .account(String.valueOf(random.nextInt(1_000_000))));
        }
        stream.publishAll(calls);

        // Then the credential is detected (in every partition its addresses fell in, as one incident id)
        TopicReader.Received received = stream.detections
                .await(r -> r.key() != null && r.key().equals("fp:" + key), 1, Duration.ofSeconds(30))
                .get(0);
        Detection detection = StreamSupport.parse(received);
        assertThat(detection.type()).isEqualTo(ObjectEnumerationDetector.TYPE);
        assertThat(detection.subject()).isNull();
        assertThat(detection.credentialFingerprints()).containsExactly(key);
        assertThat(detection.clientIps())
                .isNotEmpty()
                .allSatisfy(ip -> assertThat(ip).startsWith("100.64." + block + "."));
        assertThat(detection.recommendedAction()).isEqualTo("block-credential");
        assertThat(detection.evidence().figures().get("notFound")).isGreaterThanOrEqualTo(20.0);

        // And no address is an enumerator of its own, nor is alice
        assertThat(stream.detections.all(Duration.ofMillis(500)))
                .noneMatch(r -> r.key() != null && r.key().startsWith("ip:100.64." + block + "."));
        asViewer()
                .queryParam("subject", "alice-" + run)
                .get("/api/v1/detections")
                .then()
                .body("total", equalTo(0));
    }

    @Test
    void aFalsePositiveOnACredentialAllowlistsThatCredentialAndNotItsAddresses() throws Exception {
        // Given an unverified credential's xss, raised for the credential and for its address
        String key = fingerprint(0xEEEE);
        stream.publishAll(List.of(TestCalls.unverified(key, "bob-" + run)
                .ip(address(40))
                .query("q=<script>alert(1)</script>")
                .at(System.currentTimeMillis())
                .raw("GET", "/search")));
        Detection byCredential = StreamSupport.parse(stream.detections
                .await(r -> ("fp:" + key).equals(r.key()), 1, Duration.ofSeconds(30))
                .get(0));
        stream.detections.await(r -> ("ip:" + address(40)).equals(r.key()), 1, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> asViewer()
                        .get("/api/v1/detections/" + byCredential.id())
                        .then()
                        .statusCode(200));

        // When an operator marks the credential's detection a false positive
        asOperator()
                .contentType("application/json")
                .body(Map.of("reason", "our scanner's key"))
                .post("/api/v1/detections/" + byCredential.id() + "/false-positive")
                .then()
                .statusCode(200)
                .body("state", equalTo("false-positive"))
                .body("credentialFingerprints[0]", equalTo(key));

        // Then the entry covers the credential
        asViewer()
                .get("/api/v1/allowlist")
                .then()
                .statusCode(200)
                .body("items.find { it.detectionId == '" + byCredential.id() + "' }.incidentKey", equalTo("fp:" + key));
        stream.detections.await(
                r -> ("fp:" + key).equals(r.key()) && StreamSupport.parse(r).state() == DetectionState.FALSE_POSITIVE,
                1,
                Duration.ofSeconds(30));

        // And the same payload from a new address raises the address, not the credential again
        stream.publishAll(List.of(TestCalls.unverified(key, "bob-" + run)
                .ip(address(41))
                .query("q=<script>alert(2)</script>")
                .at(System.currentTimeMillis())
                .raw("GET", "/search")));
        stream.detections.await(r -> ("ip:" + address(41)).equals(r.key()), 1, Duration.ofSeconds(30));
        List<Detection> credentialVersions = stream.detections.all(Duration.ofMillis(500)).stream()
                .filter(r -> ("fp:" + key).equals(r.key()))
                .map(StreamSupport::parse)
                .toList();
        assertThat(credentialVersions.get(credentialVersions.size() - 1).state())
                .isEqualTo(DetectionState.FALSE_POSITIVE);
    }
}
