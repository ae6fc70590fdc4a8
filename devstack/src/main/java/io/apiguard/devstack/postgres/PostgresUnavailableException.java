package io.apiguard.devstack.postgres;

/** The local PostgreSQL server did not answer or refused the user; the message says how to start or install it. */
public final class PostgresUnavailableException extends RuntimeException {

    PostgresUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
