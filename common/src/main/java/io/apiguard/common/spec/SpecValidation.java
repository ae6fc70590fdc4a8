package io.apiguard.common.spec;

import com.fasterxml.jackson.annotation.JsonValue;

import io.apiguard.common.events.WireValue;

/**
 * What the sidecar does with a call that breaks its API's spec (the positive model): an operator's choice per API,
 * the {@code apiguard.io/openapi-validation} annotation next to {@code apiguard.io/openapi}.
 */
public enum SpecValidation implements WireValue {
    /** The spec is not checked. */
    OFF("off"),
    /** Violations are recorded in the call record and counted; the call goes through. */
    MONITOR("monitor"),
    /** A violating call is answered 400 problem+json naming the violation, and recorded. */
    ENFORCE("enforce");

    /** The annotation that sets it on a Service, Ingress or HTTPRoute. */
    public static final String ANNOTATION = "apiguard.io/openapi-validation";

    private final String wire;

    SpecValidation(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
