package io.apiguard.devstack.postgres;

/** The local run has no usable PostgreSQL (a server refused the user, or none could be had); the message says why. */
public final class PostgresUnavailableException extends RuntimeException {

    PostgresUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
