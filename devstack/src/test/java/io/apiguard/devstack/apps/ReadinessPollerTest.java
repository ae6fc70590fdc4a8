package io.apiguard.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class ReadinessPollerTest {

    private final ReadinessPoller poller = new ReadinessPoller(Duration.ofMillis(20));
    private final AtomicInteger polls = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void returnsOnceTheAppAnswers200() throws Exception {
        // Given: not ready for the first three polls
        answer(3);

        // When
        poller.awaitReady("discovery-service", url(), Duration.ofSeconds(10), () -> true);

        // Then
        assertThat(polls).hasValue(4);
    }

    @Test
    void failsWithTheAppNameAndLastAnswerWhenItNeverBecomesReady() {
        answer(Integer.MAX_VALUE);

        assertThatThrownBy(() -> poller.awaitReady("posture-service", url(), Duration.ofMillis(300), () -> true))
                .isInstanceOf(ReadinessPoller.NotReadyException.class)
                .hasMessageStartingWith("posture-service not ready within 0 s")
                .hasMessageContaining("503 {\"status\":\"DOWN\"}");
    }

    @Test
    void stopsWaitingWhenTheAppHasExited() {
        answer(Integer.MAX_VALUE);

        assertThatThrownBy(() -> poller.awaitReady("sidecar", url(), Duration.ofSeconds(30), () -> false))
                .isInstanceOf(ReadinessPoller.NotReadyException.class)
                .hasMessageStartingWith("sidecar exited before it became ready");
    }

    private void answer(int notReadyPolls) {
        server.createContext("/q/health/ready", exchange -> {
            boolean ready = polls.incrementAndGet() > notReadyPolls;
            byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes();
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/q/health/ready");
    }
}
