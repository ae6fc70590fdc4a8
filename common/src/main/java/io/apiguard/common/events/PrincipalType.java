package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of caller an identity is. */
public enum PrincipalType implements WireValue {
    USER("user"),
    SERVICE("service"),
    ANONYMOUS("anonymous");

    private final String wire;

    PrincipalType(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
