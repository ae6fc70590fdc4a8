package io.apiguard.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What kind of caller an identity is. {@code unverified}: a credential was presented, but apiguard could not verify it
 * (an unsigned or badly signed token, an unknown API key, a Basic password it cannot check); such a caller is known
 * only by its credential's fingerprint, never as the person the credential names.
 */
public enum PrincipalType implements WireValue {
    USER("user"),
    SERVICE("service"),
    ANONYMOUS("anonymous"),
    UNVERIFIED("unverified");

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
