package io.apiguard.sidecar.capture;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.apiguard.testing.oidc.Tokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;

/**
 * A real HTTP stand-in for logging-service's batch endpoint. Tests drive it over HTTP, so it needs no shared state
 * with the test's class loader; like logging-service it refuses a batch without the sidecar's own token (401).
 * {@code GET /received} lists every record received, {@code PUT /mode/up|down|hang}
 * makes it accept, answer 503, or never answer; {@code refuse-first} refuses the first record of each batch (400).
 */
public class CollectorResource implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        JsonArray received = new JsonArray();
        String[] mode = { "up" };
        String sidecarToken = "Bearer " + Tokens.workload(Tokens.APP);
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> {
                String path = request.path();
                if (path.equals("/api/v1/calls:batch") && !sidecarToken.equals(request.getHeader("Authorization"))) {
                    // like logging-service: no batch without the sidecar's own service-account token
                    request.response().setStatusCode(401).end();
                } else if (path.equals("/api/v1/calls:batch")) {
                    switch (mode[0]) {
                        case "hang" -> { }
                        case "down" -> request.response().setStatusCode(503).end();
                        // logging-service refusing the first record of each batch as invalid, keeping the rest
                        case "refuse-first" -> request.body().onSuccess(body -> {
                            JsonArray batch = body.toJsonArray();
                            synchronized (received) {
                                for (int i = 1; i < batch.size(); i++) {
                                    received.add(batch.getValue(i));
                                }
                            }
                            request.response().setStatusCode(400).putHeader("content-type", "application/problem+json")
                                    .end("{\"title\":\"Invalid call records\",\"status\":400,\"accepted\":"
                                            + (batch.size() - 1) + ",\"errors\":[{\"index\":0,\"detail\":\"bad\"}]}");
                        });
                        default -> request.body().onSuccess(body -> {
                            JsonArray batch = body.toJsonArray();
                            synchronized (received) {
                                received.addAll(batch);
                            }
                            request.response().setStatusCode(202).putHeader("content-type", "application/json")
                                    .end("{\"accepted\":" + batch.size() + "}");
                        });
                    }
                } else if (path.startsWith("/mode/")) {
                    mode[0] = path.substring("/mode/".length());
                    request.response().end(mode[0]);
                } else if (path.equals("/received")) {
                    synchronized (received) {
                        request.response().putHeader("content-type", "application/json").end(received.encode());
                    }
                } else {
                    request.response().setStatusCode(404).end();
                }
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String url = "http://127.0.0.1:" + server.actualPort();
            return Map.of("quarkus.rest-client.logging.url", url, "apiguard.test.collector", url);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the collector", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
