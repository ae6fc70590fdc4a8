package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an Ingress path matches a request path (Kubernetes {@code pathType}). */
public enum MatchType implements WireValue {
    EXACT("exact"),
    PREFIX("prefix"),
    IMPLEMENTATION_SPECIFIC("implementation-specific");

    private final String wire;

    MatchType(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
