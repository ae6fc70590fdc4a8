package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an API stands between what the cluster declares and what traffic shows. */
public enum ApiState implements WireValue {
    DECLARED("declared"),
    ACTIVE("active"),
    SHADOW("shadow"),
    ZOMBIE("zombie");

    private final String wire;

    ApiState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
