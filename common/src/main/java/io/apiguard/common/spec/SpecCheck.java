package io.apiguard.common.spec;

import com.fasterxml.jackson.annotation.JsonValue;

import io.apiguard.common.events.WireValue;

/**
 * A check of the positive model: what the sidecar found a call to break of its operation's {@link RequestContract}.
 * Its {@link #wire()} value is the {@code id} of an {@code inspection.violations} entry of kind {@link #KIND}, and the
 * {@code check} tag of the sidecar's {@code apiguard.sidecar.spec.violations} counter.
 */
public enum SpecCheck implements WireValue {
    /** The spec declares no operation for the call's method and path. */
    UNDECLARED_OPERATION("undeclared-operation"),
    /** A required parameter (path, query, header or cookie) is missing. */
    MISSING_PARAMETER("missing-parameter"),
    /** A parameter's value breaks its schema. */
    INVALID_PARAMETER("invalid-parameter"),
    /** The body's content type is none of the operation's declared request bodies (or it declares none). */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    /** The spec requires a request body and the call has none. */
    MISSING_BODY("missing-body"),
    /** The body does not parse as its content type says (JSON that is not JSON). */
    MALFORMED_BODY("malformed-body"),
    /** The body breaks its schema. */
    INVALID_BODY("invalid-body"),
    /** A write carries a property its schema does not declare: mass assignment (OWASP API3:2023). */
    UNKNOWN_PROPERTY("unknown-property");

    /** The violation kind of every spec check. */
    public static final String KIND = "spec";

    private final String wire;

    SpecCheck(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The rule id a call refused by this check is recorded with ({@code spec/unknown-property}). */
    public String ruleId() {
        return KIND + "/" + wire;
    }
}
