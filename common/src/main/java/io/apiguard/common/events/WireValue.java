package io.apiguard.common.events;

/** An enum constant's spelling on the wire (JSON, query parameters, database columns): lower-case, kebab-case. */
public interface WireValue {

    /** The wire spelling, e.g. {@code api-key}. */
    String wire();
}
