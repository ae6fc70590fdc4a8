package io.apiguard.sidecar.spec;

import java.util.List;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.spec.SpecCheck;

/**
 * What the positive model found in one call: the spec's operation it matched and what it breaks of it. Immutable.
 *
 * @param operation  the matched operation's name; null when the spec declares none for the call
 * @param violations kind {@code spec}, in the order found, bounded; empty when the call conforms
 * @param checks     the check of each violation, in the same order (for the counters)
 */
public record SpecFindings(String operation, List<ApiCallRecord.Violation> violations, List<SpecCheck> checks) {

    /** Nothing checked, nothing found. */
    public static final SpecFindings NONE = new SpecFindings(null, List.of(), List.of());

    /** True when the call breaks its spec. */
    public boolean violated() {
        return !violations.isEmpty();
    }

    /** The first violation, which an enforcing sidecar answers with; null when none. */
    public ApiCallRecord.Violation first() {
        return violations.isEmpty() ? null : violations.get(0);
    }
}
