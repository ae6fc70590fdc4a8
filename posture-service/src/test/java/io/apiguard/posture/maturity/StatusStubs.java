package io.apiguard.posture.maturity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import io.apiguard.common.json.EventJson;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server standing in for the other services' {@code GET /api/v1/status}: one WireMock server, each
 * service under its own path prefix ({@code /discovery/api/v1/status}, ...), and the REST client URLs pointed at it.
 * Like the real services, the stubs answer only a call that carries posture-service's own workload token (the file
 * {@code OidcIssuerResource} gives the app); any other call gets a problem+json 401.
 */
public class StatusStubs implements QuarkusTestResourceLifecycleManager {

    private static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        WireMockServer started = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        started.start();
        server = started;
        reset();
        String base = "http://127.0.0.1:" + started.port();
        return Map.of(
                "quarkus.rest-client.discovery.url", base + "/discovery",
                "quarkus.rest-client.logging.url", base + "/logging",
                "quarkus.rest-client.detection.url", base + "/detection",
                "quarkus.rest-client.enforcement.url", base + "/enforcement");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The running stub server. */
    public static WireMockServer server() {
        return server;
    }

    /** Forgets every stub and request; only the 401 for calls without posture's token is left. */
    public static void reset() {
        server().resetAll();
        server().stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json")
                .withHeader("WWW-Authenticate", "Bearer")
                .withBody("{\"status\":401,\"title\":\"Unauthorized\"}")));
    }

    /**
     * The {@code Authorization} header posture-service must send: its projected service-account token, read from the
     * token file the app is given ({@code Tokens.workload(Tokens.APP)}, written by {@code OidcIssuerResource}). Read
     * from the file rather than signed here: this class is a test resource, which Quarkus also loads in a class loader
     * of its own while it plans the test run, and referring to the shared issuer from it broke the boot (a LinkageError
     * on {@code LocalIssuer$Realm}).
     */
    public static String appAuthorization() {
        String file = ConfigProvider.getConfig().getValue("apiguard.security.workloads.token-file", String.class);
        try {
            return "Bearer " + Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /<service>/api/v1/status}, matched only when posture-service's token comes with it. */
    public static MappingBuilder statusOf(String service) {
        return get(urlEqualTo("/" + service + "/api/v1/status")).withHeader("Authorization", equalTo(appAuthorization()));
    }

    /** Stubs every service so levels 1..level hold and level + 1 just misses its threshold (level 3 is posture's). */
    public static void answerUpTo(int level) {
        stub("discovery", discoveryStatus(true, level >= 1 ? 0.96 : 0.94));
        stub("logging", status("logging-service", 2, "logging", Map.of(
                "apisReportingShare", level >= 2 ? 0.95 : 0.85, "individualIdentityShare", 0.93,
                "ingestRatePerSecond", 120.5)));
        stub("detection", status("detection-service", 4, "detection", Map.of(
                "consumerLagSeconds", level >= 4 ? 1.2 : 75.0, "detectorsEnabled", 6, "detectorsTotal", 6)));
        stub("enforcement", status("enforcement-service", 5, "enforcement", Map.of(
                "externalApisCoveredShare", level >= 5 ? 1.0 : 0.8, "sidecarsCurrentShare", 1.0,
                "sidecarsEnforcing", 3)));
    }

    public static Map<String, Object> discoveryStatus(boolean synced, double mapped) {
        return status("discovery-service", 1, "discovery", Map.of("informerSynced", synced,
                "declaredTrafficShare", mapped, "apis", 42));
    }

    private static void stub(String service, Map<String, Object> status) {
        server().stubFor(statusOf(service).willReturn(okJson(json(status))));
    }

    /** A status document shaped like service-support's ServiceStatus. */
    public static Map<String, Object> status(String service, int level, String contributor, Map<String, Object> evidence) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("service", service);
        status.put("version", "0.1.0-SNAPSHOT");
        status.put("level", level);
        status.put("ready", true);
        status.put("dependencies", List.of(Map.of("name", "Kafka connection health check", "up", true, "data", Map.of())));
        status.put("evidence", Map.of(contributor, evidence));
        status.put("checkedAt", Instant.now().toString());
        return status;
    }

    public static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
