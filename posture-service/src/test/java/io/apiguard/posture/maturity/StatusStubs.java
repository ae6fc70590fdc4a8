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
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import io.apiguard.common.json.EventJson;
import io.apiguard.common.status.DependencyStatus;
import io.apiguard.common.status.DetectionFigures;
import io.apiguard.common.status.DiscoveryFigures;
import io.apiguard.common.status.EnforcementFigures;
import io.apiguard.common.status.LeadershipFigures;
import io.apiguard.common.status.LoggingFigures;
import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
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
        server().stubFor(any(anyUrl())
                .atPriority(100)
                .willReturn(aResponse()
                        .withStatus(401)
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
            return "Bearer "
                    + Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /<service>/api/v1/status}, matched only when posture-service's token comes with it. */
    public static MappingBuilder statusOf(String service) {
        return get(urlEqualTo("/" + service + "/api/v1/status"))
                .withHeader("Authorization", equalTo(appAuthorization()));
    }

    /** Stubs every service so levels 1..level hold and level + 1 just misses its threshold (level 3 is posture's). */
    public static void answerUpTo(int level) {
        stub("discovery", discoveryStatus(true, level >= 1 ? 0.96 : 0.94));
        stub(
                "logging",
                status(
                        "logging-service",
                        2,
                        new StatusEvidence(
                                null,
                                new LoggingFigures(
                                        120.5, 1_000, 930, 0.93, 20, level >= 2 ? 19 : 17, level >= 2 ? 0.95 : 0.85),
                                null,
                                null,
                                null,
                                null,
                                null)));
        stub(
                "detection",
                status(
                        "detection-service",
                        4,
                        new StatusEvidence(
                                null,
                                null,
                                null,
                                new DetectionFigures(
                                        level >= 4 ? 1.2 : 75.0, 0, 6, 6, 50, 1_000, 0, 2, List.of(0, 1), 0, 0, 0),
                                null,
                                null,
                                null)));
        stub(
                "enforcement",
                status(
                        "enforcement-service",
                        5,
                        new StatusEvidence(
                                null,
                                null,
                                null,
                                null,
                                new EnforcementFigures(
                                        7, 4, 3, 3, 3, 1.0, 5, level >= 5 ? 5 : 4, level >= 5 ? 1.0 : 0.8),
                                null,
                                null)));
    }

    /** discovery-service's status, with its leadership entry as the real service has it. */
    public static ServiceStatus<StatusEvidence> discoveryStatus(boolean synced, double mapped) {
        return status(
                "discovery-service",
                1,
                new StatusEvidence(
                        new DiscoveryFigures(
                                "cluster", synced, 42, 2, 40, 0, 0, 1_000, Math.round(mapped * 1_000), mapped),
                        null,
                        null,
                        null,
                        null,
                        new LeadershipFigures(
                                true, true, "discovery-0", "apiguard-discovery", "discovery-0", Instant.now()),
                        null));
    }

    private static void stub(String service, ServiceStatus<StatusEvidence> status) {
        server().stubFor(statusOf(service).willReturn(okJson(json(status))));
    }

    /** A status document as the services write it: the common envelope with one service's evidence. */
    public static ServiceStatus<StatusEvidence> status(String service, int level, StatusEvidence evidence) {
        return new ServiceStatus<>(
                service,
                "0.1.0-SNAPSHOT",
                level,
                true,
                List.of(new DependencyStatus("Kafka connection health check", true, Map.of())),
                evidence,
                Map.of(),
                Instant.now());
    }

    public static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
