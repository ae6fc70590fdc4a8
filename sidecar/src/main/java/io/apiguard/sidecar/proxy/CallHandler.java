package io.apiguard.sidecar.proxy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
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
import io.apiguard.common.inspect.DataClass;
import io.apiguard.common.inspect.DataClasses;
import io.apiguard.common.inspect.RequestContent;
import io.apiguard.common.net.IpRange;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.common.paths.RouteTable;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.sidecar.capture.CallRecorder;
import io.apiguard.sidecar.inspection.InspectionConfig;
import io.apiguard.sidecar.inspection.LoginTargets;
import io.apiguard.sidecar.inspection.ReturnedObjects;
import io.apiguard.sidecar.rules.CallFacts;
import io.apiguard.sidecar.rules.EnforcementDecision;
import io.apiguard.sidecar.spec.PositiveModel;
import io.apiguard.sidecar.spec.SpecFindings;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.support.identity.IdentityConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.Pipe;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The one place where the sidecar decides what happens to a call: who is calling (identity, real client address),
 * whether the call goes on to the API ({@link #forward}) or is answered here ({@link #shortCircuit}), and what is
 * recorded once the response is written. With inspection on it reads the request's headers and, when a rule in force
 * inspects content or its API's spec is checked, its body up to the bound before it decides; it copies the first bytes
 * of the response as they pass, for the data-class search and the object ids it returns.
 *
 * <p>Decision order: the rules first (allowlist, then block 403, rate limit 429, monitor), then, for a call they let
 * through, the positive model of its API's spec: in enforce mode a violation answers 400 problem+json naming the first
 * check broken; in monitor mode the violations only go into the record. A signature block therefore stays a 403
 * naming its rule (the known attack is the better answer than "does not match the spec"), and a call no rule stops is
 * still held to its spec. An allowlisted call (a health probe) is not held to the spec either. Runs on the event loop for every call; nothing here blocks (the search runs on
 * the common pool).
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
    private final InspectionConfig inspection;
    private final LoginTargets loginTargets;
    private final ReturnedObjects returnedObjects;
    /** Responses are searched only when inspection and the search are on and there is a record for the finding. */
    private final boolean inspectResponses;

    private final Counter bodiesOverLimit;
    private final Counter responsesEncoded;
    private final Executor classifier = ForkJoinPool.commonPool();

    CallHandler(
            IdentityResolver identities,
            CallRecorder recorder,
            SidecarEnforcement enforcement,
            IdentityConfig identityConfig,
            ProxyConfig proxyConfig,
            InspectionConfig inspection,
            LoginTargets loginTargets,
            ReturnedObjects returnedObjects,
            MeterRegistry registry) {
        this.inspection = inspection;
        this.loginTargets = loginTargets;
        this.returnedObjects = returnedObjects;
        this.inspectResponses = inspection.enabled() && inspection.inspectResponses() && recorder.enabled();
        this.bodiesOverLimit = Counter.builder("apiguard.sidecar.inspection.body.over.limit")
                .description("request bodies over the inspection bound, streamed through uninspected")
                .register(registry);
        this.responsesEncoded = Counter.builder("apiguard.sidecar.inspection.responses.encoded")
                .description("response bodies not searched for data classes because they were compressed")
                .register(registry);
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

    /**
     * The request handler of the proxy listener, in front of {@code proxy} (one per event loop): adds the interceptor
     * through which this handler hands a call's buffered body to the proxy and taps its response.
     */
    Handler<HttpServerRequest> in(HttpProxy proxy) {
        Forwarder forwarder = new Forwarder(proxy);
        proxy.addInterceptor(forwarder);
        return request -> handle(request, forwarder);
    }

    void handle(HttpServerRequest request, Forwarder forwarder) {
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
        // the model read before the route and again after: the same instance means the route's handle is its own
        PositiveModel model = enforcement.positiveModel();
        RouteTable.Resolved route = enforcement.route(host(request), method, path);
        if (model != enforcement.positiveModel()) {
            model = enforcement.positiveModel(); // a set was installed meanwhile: resolve again with the new one
            route = enforcement.route(host(request), method, path);
        }
        SpecValidation specMode = enforcement.specMode(model, route.apiId());
        Arrival arrival = new Arrival(
                callId,
                arrivedAt,
                startNanos,
                clientIp,
                forwardedFor,
                identity,
                route,
                requestId,
                method,
                path,
                model,
                specMode);
        if (!inspection.enabled()) {
            decide(request, forwarder, arrival, RequestContent.NONE, null);
            return;
        }
        Map<String, List<String>> headers = headers(request.headers());
        String contentType = request.getHeader("Content-Type");
        boolean login = loginTargets.reads(method, template(route, path));
        if ((specMode == SpecValidation.OFF && !enforcement.inspectsContent() && !login) || !hasBody(request)) {
            decide(request, forwarder, arrival, new RequestContent(headers, contentType, null, 0, false), null);
            return;
        }
        long declared = contentLength(request);
        if (declared > inspection.maxBodyBytes()) {
            bodiesOverLimit.increment();
            decide(request, forwarder, arrival, new RequestContent(headers, contentType, null, declared, true), null);
            return;
        }
        readBody(request, forwarder, arrival, headers, contentType);
    }

    /**
     * Buffers the request body up to the bound, then decides. A chunked body that grows past the bound is decided as
     * over the limit and forwarded whole: what was read, then the rest as it arrives.
     */
    private void readBody(
            HttpServerRequest request,
            Forwarder forwarder,
            Arrival arrival,
            Map<String, List<String>> headers,
            String contentType) {
        int bound = inspection.maxBodyBytes();
        long declared = contentLength(request);
        Buffer body = Buffer.buffer((int) Math.min(Math.max(declared, 256), bound));
        if (recorder.enabled()) {
            // a client that hangs up before its body is whole was not decided, but it made a call (until decide
            // takes the response over)
            ApiCallRecord.Inspection unread = new ApiCallRecord.Inspection(false, false, null, List.of());
            Call undecided = new Call(arrival, ApiCallRecord.Decision.allowed(), unread);
            request.response().closeHandler(ignored -> record(request, undecided, 499));
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // the sidecar reads the body before the API sees the call: it, not the API, invites the client to send it
            request.response().writeContinue();
        }
        request.handler(chunk -> {
            if (body.length() + chunk.length() <= bound) {
                body.appendBuffer(chunk);
                if (body.length() == declared) {
                    // all of it: the request is paused before it ends, since the proxy must take it unended (an
                    // ended HTTP/2 request refuses its pause); the forwarder lets the end through afterwards
                    request.pause();
                    request.handler(null);
                    request.endHandler(null);
                    decide(
                            request,
                            forwarder,
                            arrival,
                            new RequestContent(headers, contentType, body.getBytes(), body.length(), false),
                            Body.body(body));
                }
                return;
            }
            request.pause();
            request.handler(null);
            request.endHandler(null);
            bodiesOverLimit.increment();
            decide(
                    request,
                    forwarder,
                    arrival,
                    new RequestContent(headers, contentType, null, -1, true),
                    Body.body(new PrefixedReadStream(body.appendBuffer(chunk), request), -1));
        });
        request.endHandler(ignored -> decide(
                request,
                forwarder,
                arrival,
                new RequestContent(headers, contentType, body.getBytes(), body.length(), false),
                Body.body(body)));
    }

    /** Decides the call with what was read of it, then forwards it ({@code body} in place of the request's) or not. */
    private void decide(
            HttpServerRequest request, Forwarder forwarder, Arrival arrival, RequestContent content, Body body) {
        CallFacts facts = new CallFacts(
                arrival.identity.subject(),
                arrival.identity.credentialFingerprint(),
                arrival.clientIp,
                arrival.route.apiId(),
                arrival.method,
                PathTemplates.template(arrival.path),
                arrival.path,
                request.query(),
                arrival.route.template(),
                content);
        EnforcementDecision ruled = enforcement.decide(facts);
        EnforcementDecision verdict = ruled;
        SpecFindings spec = SpecFindings.NONE;
        if (arrival.specMode != SpecValidation.OFF && content != RequestContent.NONE && ruled.forwards()) {
            spec = enforcement.checkSpec(arrival.model, arrival.route, facts, arrival.specMode);
            if (spec.violated() && arrival.specMode == SpecValidation.ENFORCE) {
                verdict = EnforcementDecision.invalid(spec.first());
            }
        }
        Call call = new Call(
                arrival,
                verdict.recordDecision(),
                withTargetAccount(inspection(content, ruled, spec), arrival, content));
        if (recorder.enabled()) {
            HttpServerResponse response = request.response();
            response.endHandler(ignored -> record(request, call, response.getStatusCode()));
            // a client that hangs up before its answer still made a call: 499, as nginx records it
            response.closeHandler(ignored -> record(request, call, 499));
        }
        request.response().putHeader(REQUEST_ID, arrival.requestId);
        if (verdict.forwards()) {
            forwarder.forward(request, call, body);
        } else {
            shortCircuit(request, verdict.status(), "application/problem+json", verdict.problemJson(arrival.requestId));
        }
    }

    /** {@code inspection} naming the account a login call targets ({@link LoginTargets}), when it names one. */
    private ApiCallRecord.Inspection withTargetAccount(
            ApiCallRecord.Inspection inspection, Arrival arrival, RequestContent content) {
        String account = inspection == null
                ? null
                : loginTargets.targetAccount(arrival.method, template(arrival.route, arrival.path), content);
        return account == null ? inspection : inspection.withTargetAccount(account);
    }

    private static String template(RouteTable.Resolved route, String path) {
        return route.template() != null ? route.template() : PathTemplates.template(path);
    }

    /** What the record says of the inspection; null when the proxy read nothing beyond the URI. */
    private static ApiCallRecord.Inspection inspection(
            RequestContent content, EnforcementDecision ruled, SpecFindings spec) {
        if (content == RequestContent.NONE) {
            return null;
        }
        return new ApiCallRecord.Inspection(
                content.body() != null, content.bodyOverLimit(), spec.operation(), violations(ruled, spec));
    }

    /**
     * What inspection found in the call, for its record: where the payload signature of the deciding rule matched
     * (whether the call was blocked or only monitored), then what the call breaks of its spec.
     */
    private static List<ApiCallRecord.Violation> violations(EnforcementDecision ruled, SpecFindings spec) {
        ApiCallRecord.Violation violation = ruled.violation();
        if (!spec.violated()) {
            return violation == null ? List.of() : List.of(violation);
        }
        if (violation == null) {
            return spec.violations();
        }
        List<ApiCallRecord.Violation> all = new ArrayList<>(spec.violations().size() + 1);
        all.add(violation);
        all.addAll(spec.violations());
        return all;
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
        Arrival arrival = call.arrival;
        long durationMicros = (System.nanoTime() - arrival.startNanos) / 1_000;
        CallRecorder.Observed observed = new CallRecorder.Observed(
                arrival.id,
                arrival.arrivedAt,
                durationMicros,
                host(request),
                arrival.method,
                arrival.path,
                request.query(),
                arrival.clientIp,
                arrival.forwardedFor,
                request.getHeader("User-Agent"),
                arrival.identity,
                status,
                request.bytesRead(),
                request.response().bytesWritten(),
                call.decision,
                arrival.route.apiId(),
                arrival.route.template(),
                CallRecorder.traceId(request.getHeader("traceparent"), request.getHeader("X-B3-TraceId")),
                call.inspection,
                List.of(),
                List.of());
        byte[] response = call.tap == null ? null : call.tap.copied();
        if (response == null || response.length == 0) {
            recorder.record(observed);
            return;
        }
        // the search reads up to max-response-bytes: off the event loop, so the next call is not kept waiting
        String contentType = call.responseContentType;
        classifier.execute(() -> recorder.record(observed.withResponse(
                dataClasses(response, contentType), returnedObjects.find(status, contentType, response))));
    }

    /** The wire values of the data classes in a response body, in the enum's order. */
    static List<String> dataClasses(byte[] body, String contentType) {
        Set<DataClass> found = DataClasses.find(body, contentType);
        List<String> wire = new ArrayList<>(found.size());
        for (DataClass dataClass : found) {
            wire.add(dataClass.wire());
        }
        return wire;
    }

    /** Every request header, names lower-case, values in the order received. */
    static Map<String, List<String>> headers(MultiMap request) {
        Map<String, List<String>> headers = new HashMap<>(request.size() * 2);
        for (Map.Entry<String, String> header : request) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>(1))
                    .add(header.getValue());
        }
        return headers;
    }

    /** True when the request says a body follows: a non-zero Content-Length, or chunked transfer encoding. */
    static boolean hasBody(HttpServerRequest request) {
        String encoding = request.getHeader("Transfer-Encoding");
        return contentLength(request) > 0
                || (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked"));
    }

    /** The declared Content-Length, or -1 when there is none (the HTTP codec has refused a malformed one). */
    static long contentLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
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

    /** What is known of a call when it arrives, before anything of its body is read. */
    private record Arrival(
            UUID id,
            Instant arrivedAt,
            long startNanos,
            String clientIp,
            List<String> forwardedFor,
            Identity identity,
            RouteTable.Resolved route,
            String requestId,
            String method,
            String path,
            PositiveModel model,
            SpecValidation specMode) {}

    /**
     * What is known of a call between its decision and its record. Threading: the call's event loop only (the tap and
     * the content type are set when the response starts, read when it ends).
     */
    private static final class Call {

        private final Arrival arrival;
        private final ApiCallRecord.Decision decision;
        private final ApiCallRecord.Inspection inspection;
        private ResponseTap tap;
        private String responseContentType;
        private boolean recorded;

        Call(Arrival arrival, ApiCallRecord.Decision decision, ApiCallRecord.Inspection inspection) {
            this.arrival = arrival;
            this.decision = decision;
            this.inspection = inspection;
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

    /**
     * Hands a call to the proxy of one event loop: the body read for inspection in place of the request's stream, and
     * the response through a {@link ResponseTap} when responses are inspected. One per {@link HttpProxy}, used on its
     * event loop only.
     */
    final class Forwarder implements ProxyInterceptor {

        private static final String CALL = "apiguard.call";

        private final HttpProxy proxy;
        private Call pendingCall;
        private Body pendingBody;

        Forwarder(HttpProxy proxy) {
            this.proxy = proxy;
        }

        void forward(HttpServerRequest request, Call call, Body body) {
            // ReverseProxy.handle calls handleProxyRequest synchronously, before it returns: the call is handed over
            // in these fields, on this thread, without a map from requests to calls
            pendingCall = call;
            pendingBody = body;
            try {
                proxy.handle(request);
            } finally {
                pendingCall = null;
                pendingBody = null;
            }
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            Call call = pendingCall;
            Body body = pendingBody;
            pendingCall = null;
            pendingBody = null;
            if (call != null) {
                context.set(CALL, call);
            }
            if (body != null) {
                context.request().setBody(body);
            }
            // a body of known length is the whole body, read here (the over-bound one streams on from the request)
            if (body != null && body.length() >= 0) {
                // the client was already told to continue; the API gets the whole body at once
                context.request().headers().remove("Expect");
                // the request's own stream is not forwarded: let what is left of it (its end) go by unread
                HttpServerRequest proxied = context.request().proxiedRequest();
                if (!proxied.isEnded()) {
                    proxied.handler(null);
                    proxied.endHandler(null);
                }
                proxied.resume();
            }
            return context.sendRequest();
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            Call call = context.get(CALL, Call.class);
            ProxyResponse response = context.response();
            Body body = response.getBody();
            HttpServerResponse out = context.request().proxiedRequest().response();
            if (body == null
                    || !(body.stream() instanceof HttpClientResponse upstream)
                    || (body.length() < 0 && context.request().proxiedRequest().version() == HttpVersion.HTTP_1_0)) {
                // no upstream body to pipe, or an HTTP/1.0 client the proxy buffers for: its own way
                return context.sendResponse();
            }
            int copy = 0;
            if (call != null && inspectResponses) {
                String encoding = response.headers().get("Content-Encoding");
                if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
                    // the bytes are compressed: searching them would find nothing, and inflating them costs too much
                    responsesEncoded.increment();
                } else {
                    copy = inspection.maxResponseBytes();
                    call.responseContentType = response.headers().get("Content-Type");
                }
            }
            ResponseTap tap = new ResponseTap(upstream, copy);
            if (copy > 0) {
                call.tap = tap;
            }
            return send(response, tap, body.length(), upstream.request(), out);
        }
    }

    /**
     * Writes the API's response to the client, as {@code ProxyResponse.send} does, except when the client has hung
     * up: then the exchange with the API is reset and nothing more is written to the client. (vertx-http-proxy resets
     * the client's response too, which writes to the closed connection and makes Netty log an
     * IllegalReferenceCountException for every client that leaves early; and its failed send then writes a 502.)
     */
    private static Future<Void> send(
            ProxyResponse response, ResponseTap body, long length, HttpClientRequest upstream, HttpServerResponse out) {
        out.setStatusCode(response.getStatusCode());
        if (response.getStatusMessage() != null) {
            out.setStatusMessage(response.getStatusMessage());
        }
        for (Map.Entry<String, String> header : response.headers()) {
            if (!header.getKey().equalsIgnoreCase("transfer-encoding")) {
                out.headers().add(header.getKey(), header.getValue());
            }
        }
        if (!out.headers().contains("date")) {
            out.putHeader("date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        }
        if (length >= 0) {
            out.putHeader("content-length", Long.toString(length));
        } else {
            out.setChunked(true);
        }
        Promise<Void> sent = Promise.promise();
        Pipe<Buffer> pipe = body.pipe();
        pipe.endOnSuccess(true);
        pipe.endOnFailure(false);
        pipe.to(out, result -> {
            if (result.succeeded()) {
                sent.complete();
                return;
            }
            upstream.reset();
            if (body.apiFailed()) {
                // the body the client was getting broke off: tell it so, the way a proxy can mid-body
                out.reset();
                sent.fail(result.cause());
            } else {
                // the client left: the call is over, recorded by its close; nothing to answer, nobody to answer to
                sent.complete();
            }
        });
        return sent.future();
    }
}
