package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * @param operations       operations learned from traffic (method and path template), bounded per API
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
        List<Operation> operations) {

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

    /**
     * One operation of an API as traffic shows it.
     *
     * @param method       HTTP method, upper-case
     * @param pathTemplate request path with variable segments as {@code {id}}
     * @param callCount    calls observed
     * @param lastSeen     the last call
     */
    public record Operation(String method, String pathTemplate, long callCount, Instant lastSeen) {

        public Operation {
            Require.text(method, "operation.method");
            Require.text(pathTemplate, "operation.pathTemplate");
            Require.notNegative(callCount, "operation.callCount");
        }
    }
}
