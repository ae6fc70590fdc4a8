package io.apiguard.sidecar.proxy;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/** A real HTTP upstream on a free loopback port that answers every call with what it received, as JSON. */
public class EchoUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.body()
                            .onSuccess(body -> request.response()
                                    .putHeader("content-type", "application/json")
                                    .putHeader("x-upstream", "echo")
                                    .end(new JsonObject()
                                            .put("method", request.method().name())
                                            .put("uri", request.uri())
                                            .put("host", request.getHeader("host"))
                                            .put("body", body.toString())
                                            .encode())))
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return Map.of("apiguard.sidecar.upstream", "http://127.0.0.1:" + server.actualPort());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the echo upstream", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
