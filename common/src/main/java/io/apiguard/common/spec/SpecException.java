package io.apiguard.common.spec;

/** A document that is not a readable OpenAPI 3.0/3.1 document; the message says why, in one line, for operators. */
public final class SpecException extends Exception {

    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}
