package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an inventoried operation comes from: the API's spec declares it, or only traffic shows it. */
public enum OperationOrigin implements WireValue {
    SPEC("spec"),
    TRAFFIC("traffic");

    private final String wire;

    OperationOrigin(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
