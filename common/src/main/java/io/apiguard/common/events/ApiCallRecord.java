package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One API call as captured in line (payload of {@code apiguard.calls}) and, once redacted and templated, inside
 * {@link NormalizedCall}. The seed of every level above discovery.
 *
 * @param id             assigned at capture; the idempotency key end to end
 * @param timestamp      when the request arrived
 * @param durationMicros time from request to the end of the response
 * @param api            what was called
 * @param source         where the call came from
 * @param destination    the workload that served it
 * @param identity       who called
 * @param status         HTTP status returned to the client
 * @param requestBytes   request body size
 * @param responseBytes  response body size
 * @param objects        objects the call touched, from the path and configured body fields
 * @param decision       what the sidecar did
 * @param traceId        W3C trace id, when the call carried one
 * @param headers        request headers a producer chose to send (a gateway that cannot resolve identity itself sends
 *                       the credential headers so logging-service can); logging-service redacts them before anything
 *                       is stored or published. Empty for sidecar captures.
 * @param inspection     what in-line inspection saw beyond the URI (body, headers, the API's spec); null when the
 *                       producer inspects nothing beyond the URI
 * @param dataClasses    wire values of the {@link io.apiguard.common.inspect.DataClass}es the response carried, e.g.
 *                       {@code card-number};
 *                       empty when none was seen or responses are not inspected
 * @param returnedObjects the object ids a JSON response body returned to the caller (values of id-like fields that look
 *                       like identifiers, e.g. {@code "id": 1044}), each as a keyed fingerprint ({@code hmac:} and 16
 *                       hex digits, {@link io.apiguard.common.identity.Fingerprints#keyed} of the id as written, under
 *                       the deployment's object-id key), never the id itself; at most a bounded number per call, no
 *                       order promised. Detection fingerprints the ids of {@link #objects} under the same key to tell
 *                       an id the caller was given from one it was never given. Empty when responses are not inspected,
 *                       no key is set, or the response returned none
 */
public record ApiCallRecord(
        UUID id,
        Instant timestamp,
        long durationMicros,
        Api api,
        Source source,
        Destination destination,
        Identity identity,
        int status,
        long requestBytes,
        long responseBytes,
        List<ObjectRef> objects,
        Decision decision,
        String traceId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> headers,
        @JsonInclude(JsonInclude.Include.NON_NULL) Inspection inspection,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dataClasses,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> returnedObjects) {

    /** The most {@link #returnedObjects} one record may carry (producers record fewer: the sidecar 64 by default). */
    public static final int MAX_RETURNED_OBJECTS = 256;

    /** A call whose response returned no object ids (the form of event version 1.0 before they were recorded). */
    public ApiCallRecord(
            UUID id,
            Instant timestamp,
            long durationMicros,
            Api api,
            Source source,
            Destination destination,
            Identity identity,
            int status,
            long requestBytes,
            long responseBytes,
            List<ObjectRef> objects,
            Decision decision,
            String traceId,
            Map<String, String> headers,
            Inspection inspection,
            List<String> dataClasses) {
        this(
                id,
                timestamp,
                durationMicros,
                api,
                source,
                destination,
                identity,
                status,
                requestBytes,
                responseBytes,
                objects,
                decision,
                traceId,
                headers,
                inspection,
                dataClasses,
                List.of());
    }

    /** A call as producers that inspect nothing beyond the URI send it. */
    public ApiCallRecord(
            UUID id,
            Instant timestamp,
            long durationMicros,
            Api api,
            Source source,
            Destination destination,
            Identity identity,
            int status,
            long requestBytes,
            long responseBytes,
            List<ObjectRef> objects,
            Decision decision,
            String traceId,
            Map<String, String> headers) {
        this(
                id,
                timestamp,
                durationMicros,
                api,
                source,
                destination,
                identity,
                status,
                requestBytes,
                responseBytes,
                objects,
                decision,
                traceId,
                headers,
                null,
                List.of(),
                List.of());
    }

    /** A captured call without headers: what sidecars produce, since they resolve identity in line. */
    public ApiCallRecord(
            UUID id,
            Instant timestamp,
            long durationMicros,
            Api api,
            Source source,
            Destination destination,
            Identity identity,
            int status,
            long requestBytes,
            long responseBytes,
            List<ObjectRef> objects,
            Decision decision,
            String traceId) {
        this(
                id,
                timestamp,
                durationMicros,
                api,
                source,
                destination,
                identity,
                status,
                requestBytes,
                responseBytes,
                objects,
                decision,
                traceId,
                Map.of(),
                null,
                List.of(),
                List.of());
    }

    public ApiCallRecord {
        Require.present(id, "id");
        Require.present(timestamp, "timestamp");
        Require.present(api, "api");
        // A producer that could not resolve the caller sends no identity; that is the anonymous caller, not an error.
        identity = identity == null ? Identity.anonymous() : identity;
        Require.notNegative(durationMicros, "durationMicros");
        Require.notNegative(requestBytes, "requestBytes");
        Require.notNegative(responseBytes, "responseBytes");
        objects = Require.list(objects, "objects");
        headers = Require.map(headers, "headers");
        dataClasses = Require.list(dataClasses, "dataClasses");
        returnedObjects = Require.list(returnedObjects, "returnedObjects");
        // a producer sends fingerprints, a bounded few: an id in clear, or thousands of entries, is refused whole
        if (returnedObjects.size() > MAX_RETURNED_OBJECTS) {
            throw new IllegalArgumentException(
                    "returnedObjects must hold at most " + MAX_RETURNED_OBJECTS + " fingerprints");
        }
        for (String returned : returnedObjects) {
            if (!io.apiguard.common.identity.Fingerprints.isKeyed(returned)) {
                throw new IllegalArgumentException("returnedObjects must be keyed fingerprints (hmac:<16 hex>)");
            }
        }
        // A call that got no response is still recorded, with the status the sidecar answered (502, 504, 499).
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status (100-599): " + status);
        }
    }

    /**
     * What was called.
     *
     * @param host         request host
     * @param method       HTTP method, upper-case
     * @param path         request path without the query
     * @param query        query string with secrets redacted, or null
     * @param pathTemplate path with variable segments as {@code {id}}, once known
     * @param apiId        the matched inventory id, once known
     */
    public record Api(String host, String method, String path, String query, String pathTemplate, String apiId) {

        public Api {
            Require.text(method, "api.method");
            Require.present(path, "api.path");
        }
    }

    /**
     * Where the call came from.
     *
     * @param clientIp     the client, after X-Forwarded-For from trusted proxies only
     * @param forwardedFor the forwarded chain as received
     * @param userAgent    the User-Agent header
     */
    public record Source(String clientIp, List<String> forwardedFor, String userAgent) {

        public Source {
            forwardedFor = Require.list(forwardedFor, "source.forwardedFor");
        }
    }

    /**
     * The workload that served the call.
     *
     * @param service   Kubernetes Service name
     * @param namespace its namespace
     * @param pod       the pod that answered, when the capturing sidecar knows it
     */
    public record Destination(String service, String namespace, String pod) {}

    /**
     * An object a call touched, e.g. {@code accounts/1044}; what object-level (BOLA) detection counts.
     *
     * @param resourceType the collection, e.g. {@code accounts}
     * @param objectId     the object's id within it, e.g. {@code 1044}
     */
    public record ObjectRef(String resourceType, String objectId) {

        public ObjectRef {
            Require.text(resourceType, "objects.resourceType");
            Require.text(objectId, "objects.objectId");
        }
    }

    /**
     * What the in-line sidecar did.
     *
     * @param outcome allowed, blocked or monitored
     * @param ruleId  the rule that blocked or monitored the call, if any
     */
    public record Decision(DecisionOutcome outcome, String ruleId) {

        public Decision {
            Require.present(outcome, "decision.outcome");
        }

        /** The call went through and no rule matched. */
        public static Decision allowed() {
            return new Decision(DecisionOutcome.ALLOWED, null);
        }
    }

    /**
     * What in-line inspection saw of a call beyond its URI.
     *
     * @param bodyInspected true when the request body was read and inspected
     * @param bodyOverLimit true when the body was larger than the proxy's bound and streamed through uninspected
     * @param operation     the API spec's operation the call matched ({@code operationId}, else {@code METHOD
     *                      template}); null when the API has no spec or no operation fits
     * @param violations    what inspection found, each with where and why; empty when nothing
     * @param targetAccount the account a login call tries to sign in to, as a keyed fingerprint of the username
     *                      ({@code hmac:} and 16 hex digits, {@code Fingerprints.keyed}), never the name itself; null
     *                      for a call that is not to a configured login operation or names no account
     */
    public record Inspection(
            boolean bodyInspected,
            boolean bodyOverLimit,
            String operation,
            List<Violation> violations,
            String targetAccount) {

        public Inspection {
            violations = Require.list(violations, "inspection.violations");
        }

        /** An inspection of a call that names no login account (the form of event version 1.0). */
        public Inspection(boolean bodyInspected, boolean bodyOverLimit, String operation, List<Violation> violations) {
            this(bodyInspected, bodyOverLimit, operation, violations, null);
        }

        /** This inspection, naming {@code targetAccount}. */
        public Inspection withTargetAccount(String targetAccount) {
            return new Inspection(bodyInspected, bodyOverLimit, operation, violations, targetAccount);
        }
    }

    /**
     * One thing inspection found in a call.
     *
     * @param kind     {@code signature} (a payload signature matched) or {@code spec} (the call breaks its API's spec)
     * @param id       the signature id ({@code sql-injection}) or the spec check ({@code unknown-property},
     *                 {@code missing-parameter}, ...)
     * @param location where: {@code path}, {@code query.<name>}, {@code header.<name>}, {@code cookie.<name>},
     *                 {@code body} or a JSON pointer {@code body/items/0/name}
     * @param reason   a short human-readable reason, with no secret or payload copied into it beyond a bounded excerpt
     */
    public record Violation(String kind, String id, String location, String reason) {

        public Violation {
            Require.text(kind, "inspection.violations.kind");
            Require.text(id, "inspection.violations.id");
        }
    }
}
