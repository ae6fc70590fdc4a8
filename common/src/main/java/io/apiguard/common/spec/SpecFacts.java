package io.apiguard.common.spec;

import java.util.List;

/**
 * What apiguard needs of an OpenAPI document: its identity and, per operation, the facts the inventory carries.
 * Immutable.
 *
 * @param openapi    the document's {@code openapi} field, e.g. {@code 3.1.0}
 * @param title      {@code info.title}
 * @param version    {@code info.version}
 * @param operations every operation of {@code paths}, in document order, with the servers' path prefix applied
 */
public record SpecFacts(String openapi, String title, String version, List<OperationFacts> operations) {

    public SpecFacts {
        operations = List.copyOf(operations);
    }

    /**
     * One declared operation.
     *
     * @param method          HTTP method, upper-case
     * @param pathTemplate    the path as the spec declares it ({@code /accounts/{accountId}}), behind the servers'
     *                        path prefix
     * @param operationId     the spec's {@code operationId}, or null
     * @param secured         whether a non-empty security requirement applies (the operation's, else the document's)
     * @param unboundedInputs request inputs left unbounded ({@code body.name}, {@code query.ids[]}), at most
     *                        {@link OpenApiDocuments#MAX_UNBOUNDED_INPUTS}
     * @param openWriteBody   whether a POST/PUT/PATCH body is an object open to undeclared properties
     * @param request         what a request of this operation may carry, for the sidecar's positive model; null
     *                        when it was dropped ({@code requestOmitted} says why)
     * @param requestOmitted  why the operation has no request contract (larger or deeper than the limits, over the
     *                        document's budget); null when it has one
     */
    public record OperationFacts(
            String method,
            String pathTemplate,
            String operationId,
            boolean secured,
            List<String> unboundedInputs,
            boolean openWriteBody,
            RequestContract request,
            String requestOmitted) {

        public OperationFacts {
            unboundedInputs = List.copyOf(unboundedInputs);
        }

        public OperationFacts(
                String method,
                String pathTemplate,
                String operationId,
                boolean secured,
                List<String> unboundedInputs,
                boolean openWriteBody,
                RequestContract request) {
            this(method, pathTemplate, operationId, secured, unboundedInputs, openWriteBody, request, null);
        }

        public OperationFacts(
                String method,
                String pathTemplate,
                String operationId,
                boolean secured,
                List<String> unboundedInputs,
                boolean openWriteBody) {
            this(method, pathTemplate, operationId, secured, unboundedInputs, openWriteBody, null, null);
        }
    }
}
