package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;

/**
 * One inventoried API endpoint: what the cluster declares for a host and path, what traffic shows of it, or both.
 *
 * @param id               stable id, the key of {@code apiguard.inventory}
 * @param host             request host, or {@code *} for a catch-all rule
 * @param path             the declared path (or the observed one for traffic-only APIs)
 * @param pathTemplate     the path with variable segments as {@code {id}}
 * @param matchType        how {@code path} matches requests
 * @param methods          HTTP methods seen in traffic, upper-case
 * @param backend          where the API routes to; null for traffic-only APIs
 * @param namespace        Kubernetes namespace; null for traffic-only APIs
 * @param sourceIngresses  {@code namespace/name} of every Ingress declaring it
 * @param exposure         reachable from outside the cluster or not
 * @param tls              whether a TLS block covers the host
 * @param authHints        normalized security hints from controller annotations (auth, rate limits, CORS, ...)
 * @param source           where apiguard first learned of the API
 * @param state            declared, active, shadow or zombie
 * @param firstSeen        when apiguard first learned of it
 * @param lastSeen         last call observed, or last declaration change when never called
 * @param callCount        calls observed
 * @param operations       operations the API's spec declares and operations learned from traffic (method and path
 *                         template), each with its origin; learned ones bounded per API
 * @param spec             the API's OpenAPI document as discovery read it (reference, title, version, or the error
 *                         that kept it from being read); null when no spec is named for the API. The document itself
 *                         is not on the event: discovery serves it at {@code GET /api/v1/apis/{id}/openapi}
 */
public record ApiEndpoint(
        String id,
        String host,
        String path,
        String pathTemplate,
        MatchType matchType,
        List<String> methods,
        Backend backend,
        String namespace,
        List<String> sourceIngresses,
        Exposure exposure,
        boolean tls,
        Map<String, String> authHints,
        ApiSource source,
        ApiState state,
        Instant firstSeen,
        Instant lastSeen,
        long callCount,
        List<Operation> operations,
        Spec spec) {

    public ApiEndpoint {
        Require.text(id, "id");
        Require.text(host, "host");
        Require.present(path, "path");
        Require.present(state, "state");
        methods = Require.list(methods, "methods");
        sourceIngresses = Require.list(sourceIngresses, "sourceIngresses");
        authHints = Require.map(authHints, "authHints");
        Require.notNegative(callCount, "callCount");
        operations = Require.list(operations, "operations");
        Require.ordered(firstSeen, "firstSeen", lastSeen, "lastSeen");
    }

    /** An API without a spec, as before specs were read (kept so existing producers and tests compile unchanged). */
    public ApiEndpoint(
            String id,
            String host,
            String path,
            String pathTemplate,
            MatchType matchType,
            List<String> methods,
            Backend backend,
            String namespace,
            List<String> sourceIngresses,
            Exposure exposure,
            boolean tls,
            Map<String, String> authHints,
            ApiSource source,
            ApiState state,
            Instant firstSeen,
            Instant lastSeen,
            long callCount,
            List<Operation> operations) {
        this(
                id,
                host,
                path,
                pathTemplate,
                matchType,
                methods,
                backend,
                namespace,
                sourceIngresses,
                exposure,
                tls,
                authHints,
                source,
                state,
                firstSeen,
                lastSeen,
                callCount,
                operations,
                null);
    }

    /**
     * The OpenAPI document named for an API, as discovery last read it.
     *
     * @param reference where it comes from: {@code configmap:<namespace>/<name>/<key>} (or the URL)
     * @param openapi   the document's {@code openapi} version, e.g. {@code 3.1.0}; null when it could not be read
     * @param title     {@code info.title}; null when it could not be read
     * @param version   {@code info.version}, the API's version as its spec states it; null when it could not be read
     * @param error     why the document could not be read (missing, too large, not YAML, not OpenAPI 3.0/3.1); null
     *                  when it was read. A spec in error declares no operations.
     * @param validation what the sidecar does with calls that break the spec, as the operator annotated it
     *                   ({@link SpecValidation#ANNOTATION}); null when not annotated (enforcement's default applies)
     */
    public record Spec(
            String reference, String openapi, String title, String version, String error, SpecValidation validation) {

        public Spec {
            Require.text(reference, "spec.reference");
        }

        public Spec(String reference, String openapi, String title, String version, String error) {
            this(reference, openapi, title, version, error, null);
        }

        /** Whether the document was read; a spec in error declares nothing. */
        public boolean readable() {
            return error == null;
        }
    }

    /**
     * One operation of an API: declared by its spec, seen in traffic, or both.
     *
     * @param method          HTTP method, upper-case
     * @param pathTemplate    request path with variable segments as {@code {id}} (as the spec names them, e.g.
     *                        {@code {accountId}}, for spec operations)
     * @param callCount       calls observed
     * @param lastSeen        the last call; null for a spec operation never called
     * @param origin          {@code spec} when the API's spec declares it, {@code traffic} when only traffic shows it;
     *                        absent (older producers) means traffic
     * @param operationId     the spec's {@code operationId}; null when none (or not from a spec)
     * @param secured         whether the spec requires a security scheme for it (its own {@code security} or the
     *                        document's; an empty requirement {@code {}} makes it optional, so not secured); null when
     *                        not from a spec
     * @param unboundedInputs request inputs the spec leaves unbounded, e.g. {@code body.name} (a string without
     *                        {@code maxLength}, {@code pattern} or {@code enum}) or {@code query.ids[]} (an array
     *                        without {@code maxItems}); bounded in number
     * @param openWriteBody   whether a POST, PUT or PATCH body is an object the spec leaves open to undeclared
     *                        properties (no {@code additionalProperties: false}), inviting mass assignment
     * @param request         what the spec lets a request of this operation carry (the sidecar's positive model);
     *                        null when not from a spec
     */
    public record Operation(
            String method,
            String pathTemplate,
            long callCount,
            Instant lastSeen,
            OperationOrigin origin,
            String operationId,
            Boolean secured,
            List<String> unboundedInputs,
            boolean openWriteBody,
            RequestContract request) {

        public Operation {
            Require.text(method, "operation.method");
            Require.text(pathTemplate, "operation.pathTemplate");
            Require.notNegative(callCount, "operation.callCount");
            origin = origin == null ? OperationOrigin.TRAFFIC : origin;
            unboundedInputs = Require.list(unboundedInputs, "operation.unboundedInputs");
        }

        /** An operation traffic shows (the spec does not declare it). */
        public Operation(String method, String pathTemplate, long callCount, Instant lastSeen) {
            this(
                    method,
                    pathTemplate,
                    callCount,
                    lastSeen,
                    OperationOrigin.TRAFFIC,
                    null,
                    null,
                    List.of(),
                    false,
                    null);
        }

        public Operation(
                String method,
                String pathTemplate,
                long callCount,
                Instant lastSeen,
                OperationOrigin origin,
                String operationId,
                Boolean secured,
                List<String> unboundedInputs,
                boolean openWriteBody) {
            this(
                    method,
                    pathTemplate,
                    callCount,
                    lastSeen,
                    origin,
                    operationId,
                    secured,
                    unboundedInputs,
                    openWriteBody,
                    null);
        }

        /** Whether the API's spec declares this operation. */
        public boolean declared() {
            return origin == OperationOrigin.SPEC;
        }

        /** This operation with its counters moved on by one call at {@code at} (keeps the later last call). */
        public Operation called(Instant at) {
            Instant last = lastSeen == null || at.isAfter(lastSeen) ? at : lastSeen;
            return new Operation(
                    method,
                    pathTemplate,
                    callCount + 1,
                    last,
                    origin,
                    operationId,
                    secured,
                    unboundedInputs,
                    openWriteBody,
                    request);
        }
    }
}
