package io.apiguard.sidecar.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.sidecar.capture.CollectorResource;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * What the proxy reads of a call through the real listener: request bodies buffered up to the bound and handed to
 * the rules, the API receiving every body exactly as sent (over the bound too), a blocked body never reaching the
 * API, response bodies searched for data classes as they pass, and clients that hang up leaving no warning.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class InspectionAtTheProxyTest {

    private static final int BOUND = 65536;

    @Inject
    ProxyServer proxy;

    @Inject
    SidecarEnforcement enforcement;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    private final HttpClient http = HttpClient.newHttpClient();
    private String run;

    @BeforeEach
    void aRuleInspectsContent() {
        // a payload signature in force: the proxy must read bodies before it decides
        run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        RuleSet rules = RuleSet.of(
                enforcement.activeSet().version() + 1,
                now,
                List.of(new EnforcementRule(
                        "sqli-" + run,
                        new EnforcementRule.Match(null, null, null, null, null, null, "sql-injection"),
                        RuleAction.BLOCK,
                        null,
                        "SQL injection",
                        null,
                        "operator",
                        now,
                        null,
                        RuleMode.ENFORCE)),
                null,
                null,
                null);
        assertThat(enforcement.install(rules, "test").inForce()).isTrue();
        assertThat(enforcement.inspectsContent()).isTrue();
    }

    @Test
    void everyBodyReachesTheApiByteForByteAndIsInspectedUpToTheBound() throws Exception {
        // Given
        byte[] binary = new byte[10_000];
        new Random(16).nextBytes(binary);
        String boundary = "----apiguard" + run;
        byte[] multipart = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--"
                        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n\u0000\u0001\u00ff\r\n--" + boundary
                        + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        double overBefore = overLimit();

        // When / Then: inspected, the body whole
        assertArrives("json", "application/json", "{\"name\":\"Alex\",\"note\":\"fine\"}".getBytes(), true, false);
        assertArrives("form", "application/x-www-form-urlencoded", "a=1&b=two+words".getBytes(), true, false);
        assertArrives("multipart", "multipart/form-data; boundary=" + boundary, multipart, true, false);
        assertArrives("binary", "application/octet-stream", binary, true, false);
        assertArrives("at-bound", "application/octet-stream", filled(BOUND), true, false);
        assertChunkedArrives("chunked", filled(20_000), true, false);
        // nothing to inspect
        assertArrives("empty", "application/json", new byte[0], false, false);
        // over the bound: through untouched, counted, not inspected
        assertArrives("over-bound", "application/octet-stream", filled(BOUND + 1), false, true);
        assertChunkedArrives("chunked-over-bound", filled(5 * BOUND + 17), false, true);
        assertThat(overLimit() - overBefore).isEqualTo(2.0);
    }

    @Test
    void aSlowClientsBodyIsWaitedForAndForwardedWhole() throws Exception {
        // Given
        byte[] body = filled(3000);
        try (Socket socket = new Socket("127.0.0.1", proxy.actualPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /slow/" + run + " HTTP/1.1\r\nHost: api.test\r\nContent-Type: application/octet-stream\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 1000);
            out.flush();

            // When: the rest is late
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> in.available() == 0);
            out.write(body, 1000, body.length - 1000);
            out.flush();

            // Then
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200");
            JsonObject echo = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(echo.getString("bodySha256")).isEqualTo(EchoUpstreamResource.sha256(body));
        }
    }

    @Test
    void aClientThatHangsUpBeforeItsBodyIsWholeIsRecordedAndNeverForwarded() throws Exception {
        // Given / When: a third of the body, then the client is gone
        try (Socket socket = new Socket("127.0.0.1", proxy.actualPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /gone/" + run + " HTTP/1.1\r\nHost: api.test\r\nContent-Type: text/plain\r\n"
                            + "Content-Length: 3000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(filled(1000));
            out.flush();
        }

        // Then
        assertThat(record("/gone/" + run).getInteger("status")).isEqualTo(499);
        assertThat(given().port(proxy.actualPort()).get("/upstream/received").asString())
                .doesNotContain("/gone/" + run);
    }

    @Test
    void aBlockedCallsBodyNeverReachesTheApi() throws Exception {
        // Given
        String marker = "secret-" + run;

        // When
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(proxyUri("/transfers/" + run + "?q=1%27%20union%20select%20password"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"memo\":\"" + marker + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("sqli-" + run);
        assertThat(given().port(proxy.actualPort()).get("/upstream/received").asString())
                .doesNotContain(marker);
    }

    @Test
    void theObjectIdsAJsonListResponseReturnsLandInTheRecordAsKeyedFingerprints() {
        // Given the deployment's object-id key, as the test profile sets it
        byte[] key = "a test object-id key of the deployment".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // When a caller lists accounts
        given().port(proxy.actualPort())
                .get("/upstream/accounts?run=" + run)
                .then()
                .statusCode(200);

        // Then the record names the ids returned (the accounts and their owner), fingerprinted, never in clear
        JsonObject record = record("/upstream/accounts");
        assertThat(record.getJsonArray("returnedObjects").getList())
                .containsExactly(
                        io.apiguard.common.identity.Fingerprints.keyed(key, "1044"),
                        io.apiguard.common.identity.Fingerprints.keyed(key, "7"),
                        io.apiguard.common.identity.Fingerprints.keyed(key, "2211"));
    }

    @Test
    void aResponseCarryingACardNumberIsRecordedWithItsDataClass() throws Exception {
        // When
        given().port(proxy.actualPort()).get("/upstream/card?run=" + run).then().statusCode(200);
        HttpResponse<byte[]> streamed = http.send(
                HttpRequest.newBuilder(proxyUri("/upstream/stream?chunks=8&size=1000&card=true&run=" + run))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> compressed = http.send(
                HttpRequest.newBuilder(proxyUri("/upstream/stream?chunks=2&size=100&card=true&encoding=br&run=" + run))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        // Then
        assertThat(streamed.body()).hasSize(8000 + " card 4111-1111-1111-1111".length());
        assertThat(compressed.statusCode()).isEqualTo(200);
        assertThat(dataClasses(record("/upstream/card"))).containsExactly("card-number");
        assertThat(dataClasses(record("/upstream/stream?chunks=8"))).containsExactly("card-number");
        // compressed bytes are not searched: nothing found, and counted
        assertThat(dataClasses(record("/upstream/stream?chunks=2"))).isEmpty();
        assertThat(registry.counter("apiguard.sidecar.inspection.responses.encoded")
                        .count())
                .isPositive();
    }

    @Test
    void aLargeStreamedResponsePassesUnharmed() throws Exception {
        // When: 1 MB in 256 chunks, far over the copy's bound
        HttpResponse<byte[]> answer = http.send(
                HttpRequest.newBuilder(proxyUri("/upstream/stream?chunks=256&size=4096&run=" + run))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        // Then
        byte[] expected =
                "0123456789".repeat(410).substring(0, 4096).repeat(256).getBytes(StandardCharsets.US_ASCII);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(EchoUpstreamResource.sha256(answer.body())).isEqualTo(EchoUpstreamResource.sha256(expected));
        assertThat(dataClasses(record("/upstream/stream?chunks=256"))).isEmpty();
    }

    @Test
    void clientsHangingUpMidResponseLeaveNoReferenceCountWarning() throws Exception {
        // Given
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            // When: clients read the first bytes of a long streamed answer, then close
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket("127.0.0.1", proxy.actualPort())) {
                    socket.getOutputStream()
                            .write(("GET /upstream/stream?chunks=200&size=8192&run=" + run + " HTTP/1.1\r\n"
                                            + "Host: api.test\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    socket.getInputStream().readNBytes(20_000);
                }
            }
            // Then: every hang-up is recorded, the proxy still serves, and nothing complained on the way
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() ->
                            assertThat(records("/upstream/stream?chunks=200")).hasSize(20));
            given().port(proxy.actualPort()).get("/upstream/card").then().statusCode(200);
            org.jboss.logging.Logger.getLogger(InspectionAtTheProxyTest.class).warn("capture-check-" + run);
            synchronized (logged) {
                // the capture sees what the application logs (so an empty capture is not a false pass)
                assertThat(logged)
                        .anySatisfy(record -> assertThat(describe(record)).contains("capture-check-" + run));
                assertThat(logged)
                        .noneSatisfy(record -> assertThat(describe(record)).contains("IllegalReferenceCount"));
            }
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void anApiThatBreaksOffMidBodyBreaksTheClientsResponseOffToo() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.actualPort())) {
            // Given
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /upstream/broken?run=" + run + " HTTP/1.1\r\nHost: api.test\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));

            // When
            String response = new String(readUntilClosed(socket.getInputStream()), StandardCharsets.ISO_8859_1);

            // Then: what the API sent, then the connection closes without the last chunk (no 502 after a 200)
            assertThat(response).startsWith("HTTP/1.1 200").contains("partial-");
            assertThat(response).doesNotContain("\r\n0\r\n\r\n").doesNotContain("502");
        }
        given().port(proxy.actualPort()).get("/upstream/card").then().statusCode(200);
    }

    /** Everything until the peer closes or resets the connection. */
    private static byte[] readUntilClosed(InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset ends the response as a close does
        }
        return read.toByteArray();
    }

    private static String describe(LogRecord record) {
        StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            text.append(' ').append(cause);
        }
        return text.toString();
    }

    private void assertArrives(String name, String contentType, byte[] body, boolean inspected, boolean overLimit)
            throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(proxyUri("/bodies/" + name + "/" + run))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEcho(name, body, answer, inspected, overLimit);
    }

    private void assertChunkedArrives(String name, byte[] body, boolean inspected, boolean overLimit) throws Exception {
        // a body of unknown length is sent chunked (in HTTP/1.1: HTTP/2 has no chunked encoding)
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(proxyUri("/bodies/" + name + "/" + run))
                        .version(HttpClient.Version.HTTP_1_1)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEcho(name, body, answer, inspected, overLimit);
        // an inspected body is forwarded whole, with its length; one over the bound streams on as it came
        assertThat(new JsonObject(answer.body()).getBoolean("chunked")).as(name).isEqualTo(overLimit);
    }

    private void assertEcho(
            String name, byte[] body, HttpResponse<String> answer, boolean inspected, boolean overLimit) {
        assertThat(answer.statusCode()).as(name).isEqualTo(200);
        JsonObject echo = new JsonObject(answer.body());
        assertThat(echo.getInteger("bodyLength")).as(name).isEqualTo(body.length);
        assertThat(echo.getString("bodySha256")).as(name).isEqualTo(EchoUpstreamResource.sha256(body));
        JsonObject inspection = record("/bodies/" + name + "/" + run).getJsonObject("inspection");
        assertThat(inspection.getBoolean("bodyInspected")).as(name).isEqualTo(inspected);
        assertThat(inspection.getBoolean("bodyOverLimit")).as(name).isEqualTo(overLimit);
    }

    /** The record's data classes; the field is left out when there are none. */
    private static List<Object> dataClasses(JsonObject record) {
        io.vertx.core.json.JsonArray classes = record.getJsonArray("dataClasses");
        return classes == null ? List.of() : classes.getList();
    }

    private double overLimit() {
        return registry.counter("apiguard.sidecar.inspection.body.over.limit").count();
    }

    private URI proxyUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + proxy.actualPort() + pathAndQuery);
    }

    /** The one record of this run's call whose path and query start with {@code prefix}. */
    private JsonObject record(String prefix) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> records(prefix), found -> found.size() == 1)
                .get(0);
    }

    private List<JsonObject> records(String prefix) {
        List<JsonObject> found = new ArrayList<>();
        for (Object each : new io.vertx.core.json.JsonArray(
                given().baseUri(collector).get("/received").asString())) {
            JsonObject record = JsonObject.mapFrom(each);
            JsonObject api = record.getJsonObject("api");
            String target =
                    api.getString("path") + (api.getString("query") == null ? "" : "?" + api.getString("query"));
            if (target.startsWith(prefix) && target.contains(run)) {
                found.add(record);
            }
        }
        return found;
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
