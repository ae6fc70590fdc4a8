package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an inventoried API was learned from. */
public enum ApiSource implements WireValue {
    INGRESS("ingress"),
    TRAFFIC("traffic"),
    SPEC("spec");

    private final String wire;

    ApiSource(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
