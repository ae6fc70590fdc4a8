package io.apiguard.devstack.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small accounts API on loopback, what the sidecar fronts in the local run: {@code GET /accounts/{id}} and
 * {@code GET /accounts/{id}/statements} for ids 1 to 5,000 (404 beyond), {@code GET /health}. Every account exists,
 * so an attacker walking ids gets data back, which is what makes object enumeration worth detecting.
 */
public final class DemoApi implements AutoCloseable {

    /** Accounts 1 to this exist. */
    public static final int ACCOUNTS = 5_000;

    private static final Pattern ACCOUNT = Pattern.compile("^/accounts/(\\d+)(/statements)?$");

    private final HttpServer server;

    private DemoApi(HttpServer server) {
        this.server = server;
    }

    /** Starts the API on 127.0.0.1:{@code port}. */
    public static DemoApi start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/", DemoApi::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return new DemoApi(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        if (path.equals("/health")) {
            respond(exchange, 200, "{\"status\":\"UP\"}");
            return;
        }
        Matcher account = ACCOUNT.matcher(path);
        if (!account.matches() || !"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 404, "{\"title\":\"Not Found\"}");
            return;
        }
        long id = Long.parseLong(account.group(1));
        if (id < 1 || id > ACCOUNTS) {
            respond(exchange, 404, "{\"title\":\"No such account\"}");
        } else if (account.group(2) != null) {
            respond(exchange, 200, "{\"account\":" + id + ",\"statements\":[{\"month\":\"2026-10\",\"total\":\""
                    + (id * 37 % 10_000) + ".00\"}]}");
        } else {
            respond(exchange, 200, "{\"id\":" + id + ",\"owner\":\"customer-" + id + "\",\"balance\":\""
                    + (id * 91 % 100_000) + ".42\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
