package io.apiguard.sidecar.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.testing.oidc.Tokens;
import io.apiguard.testing.rules.RuleSetKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP stand-in for enforcement-service: like it, it refuses a call without the sidecar's own token (401),
 * serves the rule set (which a test may replace) signed for this sidecar with the test key, records registrations and
 * heartbeats, and can be taken "down" (503 to everything). Turns the sidecar's control plane on.
 */
public class FakeEnforcementResource implements QuarkusTestResourceLifecycleManager {

    /** The sidecar under test, as its configuration and its token name it. */
    static final String SIDECAR = "payments/accounts-7d9f-1";

    static final List<JsonObject> REGISTRATIONS = new CopyOnWriteArrayList<>();
    private static volatile RuleSet served = set(5, "mallory");
    private static volatile boolean down;

    private Vertx vertx;

    static RuleSet set(long version, String... subjects) {
        List<EnforcementRule> rules = Arrays.stream(subjects)
                .map(subject -> new EnforcementRule(
                        "block-" + subject,
                        new EnforcementRule.Match(subject, null, null, null, null, null, null),
                        RuleAction.BLOCK,
                        null,
                        "test",
                        null,
                        "operator",
                        Instant.now(),
                        null,
                        RuleMode.ENFORCE))
                .toList();
        return RuleSet.of(version, Instant.now(), rules, null, null, null);
    }

    /** {@code set} as enforcement-service would send it to this sidecar now. */
    static String signed(RuleSet set) {
        return RuleSetKeys.shared()
                .signer()
                .sign(RuleSetDocument.write(set), set.version(), SIDECAR, Instant.now(), Duration.ofMinutes(10));
    }

    static void serve(RuleSet set) {
        served = set;
    }

    static void down(boolean isDown) {
        down = isDown;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        String sidecarToken = "Bearer " + Tokens.workload(Tokens.APP);
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.body().onSuccess(body -> {
                        if (down) {
                            request.response().setStatusCode(503).end();
                        } else if (!sidecarToken.equals(request.getHeader("Authorization"))) {
                            request.response().setStatusCode(401).end();
                        } else if ("/api/v1/rule-set".equals(request.path())) {
                            request.response()
                                    .putHeader("content-type", RuleSetJws.MEDIA_TYPE)
                                    .end(signed(served));
                        } else if (request.path().startsWith("/api/v1/sidecars/")) {
                            REGISTRATIONS.add(body.toJsonObject().put("path", request.path()));
                            request.response()
                                    .putHeader("content-type", "application/json")
                                    .end(new JsonObject()
                                            .put("currentVersion", served.version())
                                            .encode());
                        } else {
                            request.response().setStatusCode(404).end();
                        }
                    }))
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return Map.of(
                    "quarkus.rest-client.enforcement.url", "http://127.0.0.1:" + server.actualPort(),
                    "apiguard.sidecar.enforcement.control-plane", "true",
                    "apiguard.sidecar.enforcement.pull-interval", "1s",
                    "apiguard.sidecar.enforcement.heartbeat-interval", "1s",
                    "apiguard.sidecar.enforcement.namespace", "payments",
                    "apiguard.sidecar.enforcement.pod", "accounts-7d9f-1",
                    "apiguard.sidecar.enforcement.service", "accounts");
        } catch (Exception e) {
            throw new IllegalStateException("could not start the fake enforcement-service", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
