package io.apiguard.bench.posture;

import static io.apiguard.bench.BenchSupport.intOption;
import static io.apiguard.bench.BenchSupport.option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.apiguard.bench.BenchApp;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.oidc.LocalIssuer;

/**
 * {@code GET /api/v1/maturity} latency with every status endpoint answering (issue target: p99 under 200 ms): a real
 * posture-service process (its jar, full JIT) on the real Kafka broker and PostgreSQL, the other four services'
 * {@code GET /api/v1/status} answered by a stub HTTP server with documents under which every level holds, and the
 * requests sent one after another with a viewer's token. Usage: {@code bench/posture.sh maturity [--requests 2000]}.
 */
public final class MaturityLatencyBenchmark {

    private static final int WARMUP_REQUESTS = 300;

    private MaturityLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int requests = intOption(args, "--requests", 2_000);
        HttpServer stubs = statusStubs();
        String stubBase = "http://127.0.0.1:" + stubs.getAddress().getPort();
        List<String> clients = Stream.of("discovery", "logging", "detection", "enforcement")
                .map(service -> "-Dquarkus.rest-client." + service + ".url=" + stubBase + "/" + service)
                .toList();
        try (BenchApp posture = BenchApp.start(
                Path.of(option(args, "--root", ".")),
                "posture-service",
                LocalIssuer.Workload.pod("apiguard", "apiguard-posture", "posture-0"),
                clients)) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest maturity = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + posture.port() + "/api/v1/maturity"))
                    .header(
                            "Authorization",
                            "Bearer "
                                    + posture.issuer()
                                            .operators()
                                            .operatorToken("vera.viewer@example.com", Duration.ofHours(1), "viewer"))
                    .build();
            for (int i = 0; i < WARMUP_REQUESTS; i++) {
                send(http, maturity);
            }
            long[] micros = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                send(http, maturity);
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf(
                    Locale.ROOT,
                    "GET /api/v1/maturity, %d sequential requests, 4 status endpoints answering:%n"
                            + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 < 200 ms)%n",
                    requests,
                    micros[requests / 2] / 1000.0,
                    micros[(int) (requests * 0.90)] / 1000.0,
                    micros[(int) (requests * 0.99)] / 1000.0,
                    micros[requests - 1] / 1000.0);
        } finally {
            stubs.stop(0);
        }
    }

    private static void send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET /api/v1/maturity answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * The other services' status endpoints under {@code /<service>/api/v1/status}, each with evidence under which its
     * level holds. Like the real services they answer only a caller with a bearer token (posture presents its own).
     */
    private static HttpServer statusStubs() throws IOException {
        // Without TCP_NODELAY the JDK server's header and body segments meet the client's delayed ACK: ~40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // posture asks the four services at once
        server.setExecutor(Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "status-stub");
            thread.setDaemon(true);
            return thread;
        }));
        stub(
                server,
                "discovery",
                status(
                        "discovery-service",
                        1,
                        "discovery",
                        Map.of("informerSynced", true, "declaredTrafficShare", 0.96, "apis", 42)));
        stub(
                server,
                "logging",
                status(
                        "logging-service",
                        2,
                        "logging",
                        Map.of(
                                "apisReportingShare",
                                0.95,
                                "individualIdentityShare",
                                0.93,
                                "ingestRatePerSecond",
                                120.5)));
        stub(
                server,
                "detection",
                status(
                        "detection-service",
                        4,
                        "detection",
                        Map.of("consumerLagSeconds", 1.2, "detectorsEnabled", 6, "detectorsTotal", 6)));
        stub(
                server,
                "enforcement",
                status(
                        "enforcement-service",
                        5,
                        "enforcement",
                        Map.of("externalApisCoveredShare", 1.0, "sidecarsCurrentShare", 1.0, "sidecarsEnforcing", 3)));
        server.start();
        return server;
    }

    private static void stub(HttpServer server, String service, Map<String, Object> status) throws IOException {
        byte[] body = EventJson.mapper().writeValueAsBytes(status);
        server.createContext("/" + service + "/api/v1/status", exchange -> answer(exchange, body));
    }

    private static void answer(HttpExchange exchange, byte[] status) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean bearer = authorization != null && authorization.startsWith("Bearer ");
        byte[] body = bearer ? status : "{\"status\":401,\"title\":\"Unauthorized\"}".getBytes();
        exchange.getResponseHeaders().add("Content-Type", bearer ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(bearer ? 200 : 401, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A status document shaped like service-support's {@code ServiceStatus}. */
    private static Map<String, Object> status(
            String service, int level, String contributor, Map<String, Object> evidence) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("service", service);
        status.put("version", "0.1.0-SNAPSHOT");
        status.put("level", level);
        status.put("ready", true);
        status.put(
                "dependencies", List.of(Map.of("name", "Kafka connection health check", "up", true, "data", Map.of())));
        status.put("evidence", Map.of(contributor, evidence));
        status.put("checkedAt", Instant.now().toString());
        return status;
    }
}
