package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the caller was authenticated, as far as apiguard could tell. */
public enum AuthMethod implements WireValue {
    JWT("jwt"),
    API_KEY("api-key"),
    MTLS("mtls"),
    BASIC("basic"),
    HEADER("header"),
    NONE("none");

    private final String wire;

    AuthMethod(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
