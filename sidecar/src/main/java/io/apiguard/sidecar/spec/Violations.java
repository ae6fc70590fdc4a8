package io.apiguard.sidecar.spec;

import java.util.ArrayList;
import java.util.List;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.inspect.RequestParts;
import io.apiguard.common.spec.SpecCheck;

/**
 * The spec violations of one call, up to a bound: a body with a thousand wrong fields costs a bounded record. Reasons
 * and locations are cut short, since a location may name a property the caller made up. One per call, on its thread.
 */
final class Violations {

    /** The longest reason recorded; the validator's messages name the schema's constraint, never the value. */
    static final int MAX_REASON = 160;

    private final int max;
    private List<ApiCallRecord.Violation> found;
    private List<SpecCheck> checks;

    Violations(int max) {
        this.max = Math.max(1, max);
    }

    /** True when no more are recorded: further checks need not run. */
    boolean full() {
        return found != null && found.size() >= max;
    }

    void add(SpecCheck check, String location, String reason) {
        if (full()) {
            return;
        }
        if (found == null) {
            found = new ArrayList<>(Math.min(max, 4));
            checks = new ArrayList<>(Math.min(max, 4));
        }
        found.add(new ApiCallRecord.Violation(
                SpecCheck.KIND, check.wire(), cut(location, RequestParts.MAX_LOCATION), cut(reason, MAX_REASON)));
        checks.add(check);
    }

    /** The violations, in the order found; empty when none. */
    List<ApiCallRecord.Violation> list() {
        return found == null ? List.of() : found;
    }

    /** The check of each violation, in the same order. */
    List<SpecCheck> checks() {
        return checks == null ? List.of() : checks;
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
