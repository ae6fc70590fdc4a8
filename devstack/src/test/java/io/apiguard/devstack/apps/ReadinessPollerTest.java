package io.apiguard.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class ReadinessPollerTest {

    private final ReadinessPoller poller = new ReadinessPoller(Duration.ofMillis(20));
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void returnsOnceTheAppAnswers200() throws Exception {
        // Given: an app that is not ready for its first three polls
        AtomicInteger polls = new AtomicInteger();
        URI url = healthEndpoint(3, polls);

        // When
        poller.awaitReady("discovery-service", url, Duration.ofSeconds(10), () -> true);

        // Then
        assertThat(polls).hasValue(4);
    }

    @Test
    void failsWithTheAppNameAndLastAnswerWhenItNeverBecomesReady() throws Exception {
        // Given
        URI url = healthEndpoint(Integer.MAX_VALUE, new AtomicInteger());

        // When / Then
        assertThatThrownBy(() -> poller.awaitReady("posture-service", url, Duration.ofMillis(300), () -> true))
                .isInstanceOf(ReadinessPoller.NotReadyException.class)
                .hasMessageStartingWith("posture-service not ready within 300 ms")
                .hasMessageContaining("503 {\"status\":\"DOWN\"}")
                .extracting(e -> ((ReadinessPoller.NotReadyException) e).app())
                .isEqualTo("posture-service");
    }

    @Test
    void aPortNobodyListensOnIsNotReady() throws Exception {
        // Given: a server that is gone, so its port refuses connections
        URI url = healthEndpoint(0, new AtomicInteger());
        servers.remove(0).stop(0);

        // When / Then
        assertThatThrownBy(() -> poller.awaitReady("logging-service", url, Duration.ofMillis(200), () -> true))
                .isInstanceOf(ReadinessPoller.NotReadyException.class)
                .hasMessageStartingWith("logging-service not ready within 200 ms")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void stopsWaitingWhenTheAppHasExited() throws Exception {
        // Given
        URI url = healthEndpoint(Integer.MAX_VALUE, new AtomicInteger());

        // When / Then
        assertThatThrownBy(() -> poller.awaitReady("sidecar", url, Duration.ofSeconds(30), () -> false))
                .isInstanceOf(ReadinessPoller.NotReadyException.class)
                .hasMessageStartingWith("sidecar exited before it became ready");
    }

    @Test
    void waitsForEveryAppAndReportsEachAsItBecomesReady() throws Exception {
        // Given
        List<ReadinessPoller.Target> targets = List.of(
                new ReadinessPoller.Target("slow", healthEndpoint(5, new AtomicInteger()), () -> true),
                new ReadinessPoller.Target("quick", healthEndpoint(0, new AtomicInteger()), () -> true));
        List<String> ready = new CopyOnWriteArrayList<>();

        // When
        poller.awaitAll(targets, Duration.ofSeconds(10), ready::add);

        // Then
        assertThat(ready).containsExactly("quick", "slow");
    }

    @Test
    void namesTheAppThatKeepsTheOthersWaiting() throws Exception {
        // Given
        List<ReadinessPoller.Target> targets = List.of(
                new ReadinessPoller.Target("quick", healthEndpoint(0, new AtomicInteger()), () -> true),
                new ReadinessPoller.Target(
                        "stuck", healthEndpoint(Integer.MAX_VALUE, new AtomicInteger()), () -> true));
        List<String> ready = new CopyOnWriteArrayList<>();

        // When / Then
        assertThatThrownBy(() -> poller.awaitAll(targets, Duration.ofMillis(300), ready::add))
                .isInstanceOf(ReadinessPoller.NotReadyException.class)
                .hasMessageStartingWith("stuck not ready within 300 ms");
        assertThat(ready).containsExactly("quick");
    }

    /** A real HTTP server whose /q/health/ready answers 503 DOWN {@code notReadyPolls} times, then 200 UP. */
    private URI healthEndpoint(int notReadyPolls, AtomicInteger polls) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            boolean ready = polls.incrementAndGet() > notReadyPolls;
            byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/q/health/ready");
    }
}
