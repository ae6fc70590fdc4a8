package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to an inventoried API. */
public enum ChangeKind implements WireValue {
    UPSERTED("upserted"),
    REMOVED("removed");

    private final String wire;

    ChangeKind(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
