package io.apiguard.bench.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.apiguard.bench.BenchSupport;

class CorpusSenderTest {

    @Test
    void sendsTheRequestAsWrittenAndKeepsTheStatus() throws Exception {
        // Given a server that records what it received and blocks everything
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        HttpServer server = server(403, received);
        CorpusRequest raw = new CorpusRequest(
                "raw", "XSS", 941100, 1, "uri", "PUT", "/get?x=%3Cscript%3E", Map.of("X-Test", "a"), "body");
        try (CorpusSender sender =
                new CorpusSender("127.0.0.1", server.getAddress().getPort())) {
            // When
            Map<String, Integer> statuses = sender.send(List.of(raw));

            // Then the request target is not re-encoded
            assertThat(statuses).containsEntry("raw", 403);
            assertThat(received).containsExactly("PUT /get?x=%3Cscript%3E a body");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFirewallThatIsNotListeningLeavesEveryRequestUnanswered() throws Exception {
        int nobody = BenchSupport.freePort();
        try (CorpusSender sender = new CorpusSender("127.0.0.1", nobody)) {
            Map<String, Integer> statuses = sender.send(HonestTraffic.generate(3));

            assertThat(statuses)
                    .hasSize(3)
                    .containsValue(CorpusSender.NO_ANSWER)
                    .doesNotContainValue(200);
        }
    }

    @Test
    void aTargetThatDoesNotBlockTheCanaryStopsTheRun(@TempDir Path dir) throws Exception {
        // Given a firewall that forwards everything
        HttpServer server = server(200, new ConcurrentLinkedQueue<>());
        Path attacks = dir.resolve("attacks.jsonl");
        CorpusRequest.write(attacks, List.of());
        try {
            // When / Then
            assertThatThrownBy(() -> FirewallBenchmark.main(new String[] {
                        "--attacks",
                        attacks.toString(),
                        "--honest",
                        "1",
                        "--target",
                        "open=127.0.0.1:" + server.getAddress().getPort(),
                        "--out",
                        dir.resolve("d.json").toString()
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("open answered 200")
                    .hasMessageContaining("does not block");
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer server(int status, ConcurrentLinkedQueue<String> received) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "?"
                            + exchange.getRequestURI().getRawQuery() + " "
                            + exchange.getRequestHeaders().getFirst("X-Test") + " "
                            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
