package io.apiguard.sidecar.proxy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP upstream on a free loopback port that answers every call with what it received, as JSON (with the
 * body's length and SHA-256); {@code /upstream/card} answers a card number, {@code /upstream/stream} a large chunked
 * body, {@code /upstream/broken} a first chunk and then a closed connection, {@code /upstream/received} what every
 * call so far carried.
 */
public class EchoUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            List<String> received = new CopyOnWriteArrayList<>();
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> {
                        if (request.path().equals("/upstream/received")) {
                            // what every call so far carried (URI and body), for tests that check what never arrived
                            request.response().end(new JsonArray(List.copyOf(received)).encode());
                        } else if (request.path().equals("/upstream/card")) {
                            request.response()
                                    .putHeader("content-type", "application/json")
                                    .end("{\"name\":\"Alex\",\"card\":\"4111 1111 1111 1111\"}");
                        } else if (request.path().equals("/upstream/accounts")) {
                            // a list response: the ids of the accounts it returns, nested, beside other numbers
                            request.response()
                                    .putHeader("content-type", "application/json")
                                    .end("{\"total\":2,\"items\":[{\"id\":1044,\"ownerId\":\"7\",\"balance\":"
                                            + "1200},{\"id\":2211,\"ownerId\":\"7\",\"balance\":5}]}");
                        } else if (request.path().equals("/upstream/broken")) {
                            // an API that dies mid-body: a first chunk, then its connection is gone
                            request.response()
                                    .setChunked(true)
                                    .write("partial-")
                                    .onSuccess(written -> request.connection().close());
                        } else if (request.path().equals("/upstream/stream")) {
                            stream(request);
                        } else {
                            echo(request, received);
                        }
                    })
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return Map.of("apiguard.sidecar.upstream", "http://127.0.0.1:" + server.actualPort());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the echo upstream", e);
        }
    }

    /** Answers with what was received, as JSON, with the body's length and SHA-256 to compare bytes exactly. */
    private static void echo(HttpServerRequest request, List<String> received) {
        request.body().onSuccess(body -> {
            received.add(request.uri() + " " + body);
            request.response()
                    .putHeader("content-type", "application/json")
                    .putHeader("x-upstream", "echo")
                    .end(new JsonObject()
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("host", request.getHeader("host"))
                            .put("body", body.toString())
                            .put("bodyLength", body.length())
                            .put("bodySha256", sha256(body.getBytes()))
                            .put("chunked", "chunked".equalsIgnoreCase(request.getHeader("transfer-encoding")))
                            .encode());
        });
    }

    /**
     * A chunked response of {@code chunks} pieces of {@code size} bytes ({@code 0123456789} repeated), one per
     * millisecond, with a card number in the last one when {@code card=true}: a large, streamed answer.
     */
    private void stream(HttpServerRequest request) {
        int chunks = Integer.parseInt(request.getParam("chunks", "64"));
        int size = Integer.parseInt(request.getParam("size", "4096"));
        boolean card = Boolean.parseBoolean(request.getParam("card", "false"));
        HttpServerResponse response = request.response().setChunked(true).putHeader("content-type", "text/plain");
        if (request.getParam("encoding") != null) {
            response.putHeader("content-encoding", request.getParam("encoding"));
        }
        String piece = "0123456789".repeat(size / 10 + 1).substring(0, size);
        int[] sent = {0};
        vertx.setPeriodic(1, timer -> {
            if (response.closed()) {
                vertx.cancelTimer(timer);
                return;
            }
            sent[0]++;
            if (sent[0] < chunks) {
                response.write(piece);
            } else {
                vertx.cancelTimer(timer);
                response.end(card ? piece + " card 4111-1111-1111-1111" : piece);
            }
        });
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
