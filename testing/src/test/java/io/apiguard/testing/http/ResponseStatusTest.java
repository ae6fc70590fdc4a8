package io.apiguard.testing.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class ResponseStatusTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void itIsTheAnswersStatus() throws IOException {
        // Given
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.start();
        try {
            // When
            int status = ResponseStatus.of(http, get(server.getAddress().getPort()));

            // Then
            assertThat(status).isEqualTo(403);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionIsNoAnswer() throws IOException {
        // Given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        // When
        int status = ResponseStatus.of(http, get(closedPort));

        // Then
        assertThat(status).isEqualTo(ResponseStatus.NO_ANSWER);
    }

    @Test
    void anInterruptIsNoAnswerAndStaysOnTheThread() throws IOException {
        // Given
        Thread.currentThread().interrupt();
        try {
            // When
            int status = ResponseStatus.of(http, get(1));

            // Then
            assertThat(status).isEqualTo(ResponseStatus.NO_ANSWER);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static HttpRequest get(int port) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build();
    }
}
