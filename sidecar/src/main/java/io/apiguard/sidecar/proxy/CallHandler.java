package io.apiguard.sidecar.proxy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import com.github.benmanes.caffeine.cache.Ticker;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.common.identity.CallCredentials;
import io.apiguard.common.identity.ClientAddress;
import io.apiguard.common.identity.IdentityResolver;
import io.apiguard.common.inspect.RequestContent;
import io.apiguard.common.net.IpRange;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.common.paths.RouteTable;
import io.apiguard.sidecar.capture.CallRecorder;
import io.apiguard.sidecar.rules.CallFacts;
import io.apiguard.sidecar.rules.EnforcementDecision;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.support.identity.IdentityConfig;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.HttpProxy;

/**
 * The one place where the sidecar decides what happens to a call: who is calling (identity, real client address),
 * whether the call goes on to the API ({@link #forward}) or is answered here ({@link #shortCircuit}), and what is
 * recorded once the response is written. Runs on the event loop for every call; nothing here blocks.
 */
@ApplicationScoped
public class CallHandler {

    static final String REQUEST_ID = "X-Request-Id";

    private final IdentityResolver identities;
    private final CallRecorder recorder;
    private final SidecarEnforcement enforcement;
    private final List<IpRange> trustedProxies;
    private final List<String> credentialHeaders;
    private final IdentityCache cache;

    CallHandler(
            IdentityResolver identities,
            CallRecorder recorder,
            SidecarEnforcement enforcement,
            IdentityConfig identityConfig,
            ProxyConfig proxyConfig) {
        // The resolver is created here, at start on the main thread (see startUp), not by the first call on an event
        // loop: creating it reads key material (a JWKS URL is fetched) and, in the prod profile, refuses a JWT chain
        // without a key, which must stop the sidecar before it serves, not fail a call.
        this.identities = ClientProxy.unwrap(identities);
        this.recorder = recorder;
        this.enforcement = enforcement;
        this.trustedProxies = identityConfig.trustedProxies().orElse(List.of()).stream()
                .map(IpRange::parse)
                .toList();
        this.credentialHeaders = List.of(
                "Authorization",
                identityConfig.apiKeyHeader(),
                identityConfig.delegationHeader(),
                identityConfig.clientCertSubjectHeader(),
                identityConfig.upstreamUserHeader());
        ProxyConfig.IdentityCacheConfig cacheConfig = proxyConfig.identityCache();
        this.cache = new IdentityCache(
                credentialHeaders,
                peer -> ClientAddress.trusted(peer, trustedProxies),
                cacheConfig.maximumSize(),
                cacheConfig.lifetime(),
                (headers, peer) -> this.identities.resolve(CallCredentials.of(credentials(headers), peer)),
                ForkJoinPool.commonPool(),
                Ticker.systemTicker());
    }

    /**
     * Creates this handler, and with it the identity resolver, while the app starts, before the proxy listener
     * (which observes the same event later) serves a call.
     */
    void startUp(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        // nothing more: being notified is what creates the bean
    }

    /** The request handler of the proxy listener, in front of {@code proxy}. */
    Handler<HttpServerRequest> in(HttpProxy proxy) {
        return request -> handle(request, proxy);
    }

    void handle(HttpServerRequest request, HttpProxy proxy) {
        long startNanos = System.nanoTime();
        Instant arrivedAt = Instant.now();
        String peer =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        List<String> forwardedFor = request.headers().getAll("X-Forwarded-For");
        String clientIp = ClientAddress.resolve(peer, forwardedFor, trustedProxies);
        Identity identity = identity(request, peer);
        String requestId = request.getHeader(REQUEST_ID);
        UUID callId = randomId();
        if (requestId == null) {
            requestId = callId.toString();
            request.headers().set(REQUEST_ID, requestId);
        }
        String path = request.path();
        String method = request.method().name();
        RouteTable.Resolved route = enforcement.route(host(request), method, path);
        EnforcementDecision verdict = enforcement.decide(new CallFacts(
                identity.subject(),
                identity.credentialFingerprint(),
                clientIp,
                route.apiId(),
                method,
                PathTemplates.template(path),
                path,
                request.query(),
                route.template(),
                RequestContent.NONE));
        Call call = new Call(
                callId, arrivedAt, startNanos, clientIp, forwardedFor, identity, verdict.recordDecision(), route);
        if (recorder.enabled()) {
            HttpServerResponse response = request.response();
            response.endHandler(ignored -> record(request, call, response.getStatusCode()));
            // a client that hangs up before its answer still made a call: 499, as nginx records it
            response.closeHandler(ignored -> record(request, call, 499));
        }
        request.response().putHeader(REQUEST_ID, requestId);
        if (verdict.forwards()) {
            forward(request, proxy);
        } else {
            shortCircuit(request, verdict.status(), "application/problem+json", verdict.problemJson(requestId));
        }
    }

    private void forward(HttpServerRequest request, HttpProxy proxy) {
        proxy.handle(request);
    }

    /** Answers the call here; it never reaches the API. The request body is drained, not forwarded. */
    void shortCircuit(HttpServerRequest request, int status, String contentType, String body) {
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .end(body);
        request.resume();
    }

    private void record(HttpServerRequest request, Call call, int status) {
        if (!call.markRecorded()) {
            return;
        }
        long durationMicros = (System.nanoTime() - call.startNanos) / 1_000;
        recorder.record(new CallRecorder.Observed(
                call.id,
                call.arrivedAt,
                durationMicros,
                host(request),
                request.method().name(),
                request.path(),
                request.query(),
                call.clientIp,
                call.forwardedFor,
                request.getHeader("User-Agent"),
                call.identity,
                status,
                request.bytesRead(),
                request.response().bytesWritten(),
                call.decision,
                call.route.apiId(),
                call.route.template(),
                CallRecorder.traceId(request.getHeader("traceparent"), request.getHeader("X-B3-TraceId"))));
    }

    /** Cached by the credential headers and whether the peer is a trusted proxy (which decides what is believed). */
    private Identity identity(HttpServerRequest request, String peer) {
        return cache.identity(request.headers(), peer);
    }

    private Map<String, List<String>> credentials(MultiMap request) {
        Map<String, List<String>> headers = new HashMap<>(8);
        for (String name : credentialHeaders) {
            String value = request.get(name);
            if (value != null) {
                headers.put(name, List.of(value));
            }
        }
        return headers;
    }

    /** A version 4 UUID from a thread-local generator: call ids must be unique, not unguessable. */
    static UUID randomId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least);
    }

    private static String host(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host == null && request.authority() != null) {
            host = request.authority().toString();
        }
        return host;
    }

    /** What is known of a call between its arrival and its record. */
    private static final class Call {

        private final UUID id;
        private final Instant arrivedAt;
        private final long startNanos;
        private final String clientIp;
        private final List<String> forwardedFor;
        private final Identity identity;
        private final ApiCallRecord.Decision decision;
        private final RouteTable.Resolved route;
        private boolean recorded;

        Call(
                UUID id,
                Instant arrivedAt,
                long startNanos,
                String clientIp,
                List<String> forwardedFor,
                Identity identity,
                ApiCallRecord.Decision decision,
                RouteTable.Resolved route) {
            this.id = id;
            this.arrivedAt = arrivedAt;
            this.startNanos = startNanos;
            this.clientIp = clientIp;
            this.forwardedFor = forwardedFor;
            this.identity = identity;
            this.decision = decision;
            this.route = route;
        }

        /** True the first time: a call ends once, by its response or by its connection closing. */
        boolean markRecorded() {
            if (recorded) {
                return false;
            }
            recorded = true;
            return true;
        }
    }
}
