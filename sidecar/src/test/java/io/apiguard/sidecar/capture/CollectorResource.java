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
 * makes it accept, answer 503, or never answer; {@code refuse-first} refuses the first record of each batch (400);
 * {@code poison-<marker>} answers 500 to any batch holding {@code <marker>} and takes the others, as logging-service
 * did with a record it could not store; {@code one-at-a-time} refuses whole (413) any batch of more than one record.
 */
public class CollectorResource implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        JsonArray received = new JsonArray();
        String[] mode = {"up"};
        String sidecarToken = "Bearer " + Tokens.workload(Tokens.APP);
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> {
                        String path = request.path();
                        if (path.equals("/api/v1/calls:batch")
                                && !sidecarToken.equals(request.getHeader("Authorization"))) {
                            // like logging-service: no batch without the sidecar's own service-account token
                            request.response().setStatusCode(401).end();
                        } else if (path.equals("/api/v1/calls:batch") && mode[0].startsWith("poison-")) {
                            String marker = mode[0].substring("poison-".length());
                            request.body().onSuccess(body -> {
                                if (body.toString().contains(marker)) {
                                    request.response().setStatusCode(500).end();
                                    return;
                                }
                                JsonArray batch = body.toJsonArray();
                                synchronized (received) {
                                    received.addAll(batch);
                                }
                                request.response()
                                        .setStatusCode(202)
                                        .putHeader("content-type", "application/json")
                                        .end("{\"accepted\":" + batch.size() + "}");
                            });
                        } else if (path.equals("/api/v1/calls:batch")) {
                            switch (mode[0]) {
                                case "hang" -> {}
                                case "down" ->
                                    request.response().setStatusCode(503).end();
                                // logging-service refusing the first record of each batch as invalid, keeping the rest
                                case "refuse-first" ->
                                    request.body().onSuccess(body -> {
                                        JsonArray batch = body.toJsonArray();
                                        synchronized (received) {
                                            for (int i = 1; i < batch.size(); i++) {
                                                received.add(batch.getValue(i));
                                            }
                                        }
                                        request.response()
                                                .setStatusCode(400)
                                                .putHeader("content-type", "application/problem+json")
                                                .end("{\"title\":\"Invalid call records\",\"status\":400,\"accepted\":"
                                                        + (batch.size() - 1)
                                                        + ",\"errors\":[{\"index\":0,\"detail\":\"bad\"}]}");
                                    });
                                // logging-service's limits: a batch over them is refused whole, nothing stored
                                case "one-at-a-time" ->
                                    request.body().onSuccess(body -> {
                                        JsonArray batch = body.toJsonArray();
                                        if (batch.size() > 1) {
                                            request.response()
                                                    .setStatusCode(413)
                                                    .putHeader("content-type", "application/problem+json")
                                                    .end("{\"title\":\"Batch too large\",\"status\":413}");
                                            return;
                                        }
                                        synchronized (received) {
                                            received.addAll(batch);
                                        }
                                        request.response()
                                                .setStatusCode(202)
                                                .putHeader("content-type", "application/json")
                                                .end("{\"accepted\":" + batch.size() + "}");
                                    });
                                default ->
                                    request.body().onSuccess(body -> {
                                        JsonArray batch = body.toJsonArray();
                                        synchronized (received) {
                                            received.addAll(batch);
                                        }
                                        request.response()
                                                .setStatusCode(202)
                                                .putHeader("content-type", "application/json")
                                                .end("{\"accepted\":" + batch.size() + "}");
                                    });
                            }
                        } else if (path.startsWith("/mode/")) {
                            mode[0] = path.substring("/mode/".length());
                            request.response().end(mode[0]);
                        } else if (path.equals("/received")) {
                            synchronized (received) {
                                request.response()
                                        .putHeader("content-type", "application/json")
                                        .end(received.encode());
                            }
                        } else {
                            request.response().setStatusCode(404).end();
                        }
                    })
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
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
