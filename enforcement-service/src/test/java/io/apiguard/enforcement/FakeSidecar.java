package io.apiguard.enforcement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetSignature;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server standing in for a sidecar's admin endpoint: it verifies each push's HMAC with the test secret,
 * reads the document with the shared contract, answers like the sidecar (an ack with the version in force, 401/403 on
 * a bad signature, 409 for an older version), and can be told to fail the next pushes with 503.
 */
public class FakeSidecar implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "apiguard-test-rule-set-secret";

    private static final List<RuleSet> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger REFUSED_SIGNATURES = new AtomicInteger();
    private static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicLong VERSION = new AtomicLong();
    private static volatile int port;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        RuleSetSignature signature = RuleSetSignature.withSecret(SECRET);
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.body().onSuccess(body -> {
                        if (!"/api/v1/rules".equals(request.path())) {
                            request.response().setStatusCode(404).end();
                            return;
                        }
                        if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            FAILED.incrementAndGet();
                            request.response().setStatusCode(503).end();
                            return;
                        }
                        RuleSetSignature.Verdict verdict = signature.verify(
                                request.getHeader(RuleSetSignature.TIMESTAMP_HEADER),
                                request.getHeader(RuleSetSignature.SIGNATURE_HEADER), body.getBytes(), Instant.now(),
                                Duration.ofMinutes(5));
                        if (!verdict.valid()) {
                            REFUSED_SIGNATURES.incrementAndGet();
                            request.response().setStatusCode(verdict == RuleSetSignature.Verdict.MISSING ? 401 : 403)
                                    .end();
                            return;
                        }
                        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(body.getBytes());
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
                        request.response().putHeader("content-type", "application/json")
                                .end(new JsonObject().put("version", set.version()).put("hash", set.hash())
                                        .put("rules", set.rules().size()).put("status", "installed")
                                        .put("enforcing", true).encode());
                    }))
                    .listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            port = server.actualPort();
            return Map.of();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the fake sidecar", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Where the fake listens, as a sidecar registers it. */
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

    /** The last set accepted, or null. */
    public static RuleSet last() {
        return RECEIVED.isEmpty() ? null : RECEIVED.get(RECEIVED.size() - 1);
    }

    public static int refusedSignatures() {
        return REFUSED_SIGNATURES.get();
    }

    /** Answers the next {@code count} pushes with 503. */
    public static void failNext(int count) {
        FAIL_NEXT.set(count);
    }

    public static int failed() {
        return FAILED.get();
    }
}
