package io.apiguard.devstack.demo;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * A small accounts API on loopback, what the sidecar fronts in the local run: {@code GET /accounts/{id}} and
 * {@code GET /accounts/{id}/statements} for ids 1 to 5,000 (404 beyond), {@code POST /accounts/{id}/transfers},
 * {@code GET /health}. Every account exists, so an attacker walking ids gets data back, which is what makes object
 * enumeration worth detecting. The transfer endpoint is as trusting as many real ones: it accepts any JSON object and
 * books whatever it carries (an {@code approved} flag included), so what keeps an injection or a mass assignment out
 * of it is the sidecar in front, with the API's spec.
 *
 * <p>Served by Vert.x with {@code TCP_NODELAY} on every connection: the JDK's {@code com.sun.net.httpserver} (before
 * JDK 20) writes a response's headers and its body in two segments with Nagle's algorithm on, so on a kept-alive
 * connection the body waited for the client's delayed ACK, about 40 ms a call, which hid the sidecar's own latency.
 * Its switch ({@code sun.net.httpserver.nodelay}) is read once per JVM, by whichever server starts first (the local
 * issuer does), so it could not be turned on here. Thread-safe; {@link #close()} stops it.
 */
public final class DemoApi implements AutoCloseable {

    /** Accounts 1 to this exist. */
    public static final int ACCOUNTS = 5_000;

    private static final long START_TIMEOUT_SECONDS = 10;
    /** Up to nine digits: anything longer is no account, and never a number that overflows. */
    private static final Pattern ACCOUNT = Pattern.compile("^/accounts/(\\d{1,9})(/statements|/transfers)?$");

    private static final String TRANSFERS = "/transfers";
    /** A transfer's body is small; a larger one is refused before it is buffered. */
    private static final int MAX_TRANSFER_BYTES = 4_096;

    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;

    private DemoApi(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * Starts the API on 127.0.0.1:{@code port} ({@code 0}: any free port, see {@link #port()}).
     *
     * @throws IOException when it cannot listen there (the port is taken)
     */
    public static DemoApi start(int port) throws IOException {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                // no file serving: no cache directory, no class-path copies
                .setFileSystemOptions(
                        new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        HttpServerOptions options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setTcpNoDelay(true)
                .setAcceptBacklog(256)
                // an HTTP/1.1 API, as the sidecar's upstream
                .setHttp2ClearTextEnabled(false);
        HttpServer server = vertx.createHttpServer(options).requestHandler(DemoApi::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            vertx.close();
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            vertx.close();
            throw new IOException("not listening after " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            vertx.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
        return new DemoApi(vertx, server);
    }

    /** The port it listens on. */
    public int port() {
        return server.actualPort();
    }

    private static void handle(HttpServerRequest request) {
        String path = request.path();
        if ("/health".equals(path)) {
            respond(request, 200, "{\"status\":\"UP\"}");
            return;
        }
        Matcher account = ACCOUNT.matcher(path == null ? "" : path);
        boolean transfer = account.matches() && TRANSFERS.equals(account.group(2));
        if (!account.matches() || request.method() != (transfer ? HttpMethod.POST : HttpMethod.GET)) {
            respond(request, 404, "{\"title\":\"Not Found\"}");
            return;
        }
        long id = Long.parseLong(account.group(1));
        if (id < 1 || id > ACCOUNTS) {
            respond(request, 404, "{\"title\":\"No such account\"}");
        } else if (transfer) {
            book(request, id);
        } else if (account.group(2) != null) {
            respond(
                    request,
                    200,
                    "{\"account\":" + id + ",\"statements\":[{\"month\":\"2026-10\",\"total\":\"" + (id * 37 % 10_000)
                            + ".00\"}]}");
        } else {
            respond(
                    request,
                    200,
                    "{\"id\":" + id + ",\"owner\":\"customer-" + id + "\",\"balance\":\"" + (id * 91 % 100_000)
                            + ".42\"}");
        }
    }

    /** Books a transfer from account {@code from}: answers 201 with what it booked, every field of the body included. */
    private static void book(HttpServerRequest request, long from) {
        String length = request.getHeader("Content-Length");
        if (length != null
                && (!length.chars().allMatch(Character::isDigit)
                        || length.length() > 6
                        || Integer.parseInt(length) > MAX_TRANSFER_BYTES)) {
            respond(request, 413, "{\"title\":\"Transfer too large\"}");
            return;
        }
        request.body().onComplete(body -> {
            if (body.failed() || body.result().length() > MAX_TRANSFER_BYTES) {
                respond(request, body.failed() ? 400 : 413, "{\"title\":\"Transfer not read\"}");
                return;
            }
            ObjectNode booked;
            try {
                JsonNode transfer = MAPPER.readTree(body.result().getBytes());
                if (transfer == null || !transfer.isObject()) {
                    respond(request, 400, "{\"title\":\"A transfer is a JSON object\"}");
                    return;
                }
                booked = ((ObjectNode) transfer).deepCopy();
            } catch (IOException e) {
                respond(request, 400, "{\"title\":\"A transfer is a JSON object\"}");
                return;
            }
            booked.put("from", from);
            booked.put("status", "booked");
            respond(request, 201, booked.toString());
        });
    }

    private static void respond(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // given up either way: the run or the test is over, and a late close frees nothing anyone waits for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
