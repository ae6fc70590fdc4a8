package io.apiguard.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.apiguard.testing.postgres.PostgresEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The suite's own PostgreSQL server, embedded from Maven Central: the machine's server must not be restarted by a test,
 * this one can be, on the same port and data directory.
 */
public final class SuitePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private SuitePostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static SuitePostgres start(Path dataDir, int port) {
        SuitePostgres postgres = new SuitePostgres(dataDir, port);
        postgres.server = postgres.open();
        return postgres;
    }

    public PostgresEndpoint endpoint() {
        return new PostgresEndpoint("127.0.0.1", port, "postgres", "");
    }

    /** Stops the server and starts it again on the same port and data. */
    public synchronized void restart() {
        closeServer();
        server = open();
    }

    private EmbeddedPostgres open() {
        try {
            // never clean: zonky deletes a data directory it cleans when the server closes, and a restart needs it
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on " + port, e);
        }
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop", e);
        }
    }

    @Override
    public synchronized void close() {
        closeServer();
    }
}
