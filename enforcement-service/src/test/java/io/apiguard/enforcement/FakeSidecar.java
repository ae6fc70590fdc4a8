package io.apiguard.enforcement;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * A real HTTP server standing in for the admin endpoint of the test's sidecars: like a sidecar it refuses a push
 * without enforcement-service's own token (401), verifies the JWS with the public key for one of the pods it stands
 * for (403 otherwise), reads the document with the shared contract, answers an ack with the version in force (409 for
 * an older one), and can be told to fail the next pushes with 503. enforcement-service pushes to it because it is at
 * the admin port the test configures.
 */
public class FakeSidecar implements QuarkusTestResourceLifecycleManager {

    /** The pods this stand-in answers for: a push signed for any other audience is refused. */
    public static final List<String> PODS = List.of("payments/accounts-7d9f-1", "payments/accounts-0");

    private static final List<RuleSet> RECEIVED = new CopyOnWriteArrayList<>();
    private static final List<String> AUDIENCES = new CopyOnWriteArrayList<>();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicLong VERSION = new AtomicLong();
    private static volatile int port;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        RuleSetJws.Verifier verifier = RuleSetKeys.shared().verifier();
        String enforcementToken = "Bearer " + Tokens.workload(Tokens.APP);
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.body().onSuccess(body -> {
                        if (!"/api/v1/rules".equals(request.path())) {
                            request.response().setStatusCode(404).end();
                            return;
                        }
                        if (!enforcementToken.equals(request.getHeader("Authorization"))) {
                            REFUSED.incrementAndGet();
                            request.response().setStatusCode(401).end();
                            return;
                        }
                        if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            FAILED.incrementAndGet();
                            request.response().setStatusCode(503).end();
                            return;
                        }
                        String jws = body.toString(StandardCharsets.US_ASCII);
                        RuleSetJws.Verified verified = PODS.stream()
                                .map(pod -> verifier.verify(jws, pod, Instant.now(), true))
                                .filter(RuleSetJws.Verified::valid)
                                .findFirst()
                                .orElse(null);
                        if (verified == null) {
                            REFUSED.incrementAndGet();
                            request.response().setStatusCode(403).end();
                            return;
                        }
                        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(verified.document());
                        if (!parsed.accepted()) {
                            request.response().setStatusCode(400).end();
                            return;
                        }
                        RuleSet set = parsed.ruleSet();
                        if (set.version() < VERSION.get()) {
                            request.response().setStatusCode(409).end();
                            return;
                        }
                        VERSION.set(set.version());
                        RECEIVED.add(set);
                        AUDIENCES.add(audience(jws));
                        request.response()
                                .putHeader("content-type", "application/json")
                                .end(new JsonObject()
                                        .put("version", set.version())
                                        .put("hash", set.hash())
                                        .put("rules", set.rules().size())
                                        .put("status", "installed")
                                        .put("enforcing", true)
                                        .encode());
                    }))
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            port = server.actualPort();
            // sidecars that register outside a watched cluster are pushed to at the connection's address, this port
            return Map.of("apiguard.enforcement.discovery.admin-port", String.valueOf(port));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the fake sidecar", e);
        }
    }

    private static String audience(String jws) {
        String payload =
                new String(java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        return new JsonObject(payload).getString("aud");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Where the fake listens: the address enforcement-service derives for a sidecar registering from loopback. */
    public static String adminUrl() {
        return "http://127.0.0.1:" + port;
    }

    public static int port() {
        return port;
    }

    /** Every set accepted, in order. */
    public static List<RuleSet> received() {
        return RECEIVED;
    }

    /** The audience of every set accepted, in the same order. */
    public static List<String> audiences() {
        return AUDIENCES;
    }

    /** The last set accepted, or null. */
    public static RuleSet last() {
        return RECEIVED.isEmpty() ? null : RECEIVED.get(RECEIVED.size() - 1);
    }

    /** Pushes refused for a missing token or a signature that does not verify. */
    public static int refused() {
        return REFUSED.get();
    }

    /** Answers the next {@code count} pushes with 503. */
    public static void failNext(int count) {
        FAIL_NEXT.set(count);
    }

    public static int failed() {
        return FAILED.get();
    }
}
