package io.apiguard.posture.rules;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import io.apiguard.common.events.ApiEndpoint;

/**
 * The checks of the spec rules, over the spec facts discovery puts on the inventory event (read once, by
 * {@code common.spec.OpenApiDocuments}, in discovery): posture never parses a document itself.
 */
final class SpecChecks {

    /** Undocumented calls over all calls of a spec API above which its traffic drifts from the spec. */
    static final double MAX_UNDOCUMENTED_SHARE = 0.05;

    /** Operations named in a finding's detail and evidence, so a large spec cannot swell a finding. */
    static final int NAMED = 10;

    private SpecChecks() {}

    /** Whether {@code api} has a spec that was read: only then do its operations say what the spec declares. */
    static boolean hasReadableSpec(ApiEndpoint api) {
        return api.spec() != null && api.spec().readable();
    }

    /** The declared operations of a readable spec that {@code test} selects; empty without one. */
    static List<ApiEndpoint.Operation> declared(ApiEndpoint api, Predicate<ApiEndpoint.Operation> test) {
        if (!hasReadableSpec(api)) {
            return List.of();
        }
        return api.operations().stream()
                .filter(ApiEndpoint.Operation::declared)
                .filter(test)
                .toList();
    }

    /** Operations traffic called that the API's readable spec does not declare; empty without one. */
    static List<ApiEndpoint.Operation> undocumented(ApiEndpoint api) {
        if (!hasReadableSpec(api)) {
            return List.of();
        }
        return api.operations().stream()
                .filter(operation -> !operation.declared() && operation.callCount() > 0)
                .toList();
    }

    /**
     * The violation of a rule that lists the operations it {@code found} ({@code what} they do, the list under
     * {@code key} as {@code describe} writes it, their count, the spec), or null when it found none.
     */
    static Violation violation(
            ApiEndpoint api,
            List<ApiEndpoint.Operation> found,
            String what,
            String key,
            Function<List<ApiEndpoint.Operation>, String> describe) {
        if (found.isEmpty()) {
            return null;
        }
        String described = describe.apply(found);
        return new Violation(
                found.size() + " " + what + ": " + described,
                Map.of(
                        key,
                        described,
                        "count",
                        String.valueOf(found.size()),
                        "spec",
                        api.spec().reference()));
    }

    /** Calls counted on {@code operations}. */
    static long calls(List<ApiEndpoint.Operation> operations) {
        return operations.stream().mapToLong(ApiEndpoint.Operation::callCount).sum();
    }

    /** {@code METHOD template} of each operation (the first {@link #NAMED}), comma-separated. */
    static String names(List<ApiEndpoint.Operation> operations) {
        List<String> names = operations.stream()
                .limit(NAMED)
                .map(operation -> operation.method() + " " + operation.pathTemplate())
                .toList();
        return String.join(", ", names) + (operations.size() > NAMED ? ", ..." : "");
    }

    /** Each operation with its unbounded inputs, {@code POST /orders: body.note, query.tag[]}; the first few. */
    static String unboundedInputs(List<ApiEndpoint.Operation> operations) {
        List<String> named = operations.stream()
                .limit(NAMED)
                .map(operation -> operation.method() + " " + operation.pathTemplate() + ": "
                        + String.join(", ", operation.unboundedInputs()))
                .toList();
        return String.join("; ", named) + (operations.size() > NAMED ? "; ..." : "");
    }
}
