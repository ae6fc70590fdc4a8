package io.apiguard.common.inspect;

import com.fasterxml.jackson.annotation.JsonValue;

import io.apiguard.common.events.WireValue;

/**
 * Classes of sensitive data a response can carry (OWASP API3, excessive data exposure). The call record names them
 * by their wire value in {@code dataClasses}; posture and detection judge an API by which it returns, and how that
 * changes.
 */
public enum DataClass implements WireValue {
    /** A payment card number (PAN) that passes the Luhn check. */
    CARD_NUMBER("card-number"),
    /** An IBAN whose check digits hold (ISO 13616, mod 97). */
    IBAN("iban"),
    /** A national identifier in a checkable form (e.g. a US SSN, a UK NINO). */
    NATIONAL_ID("national-id"),
    /** An e-mail address. */
    EMAIL("email"),
    /** A credential: a JWT, a bearer token, a cloud access key or private key material. */
    TOKEN("token");

    private final String wire;

    DataClass(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
