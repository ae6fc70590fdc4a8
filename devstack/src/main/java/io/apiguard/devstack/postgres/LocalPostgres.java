package io.apiguard.devstack.postgres;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.apiguard.testing.postgres.EmbeddedPostgresServer;
import io.apiguard.testing.postgres.PostgresEndpoint;

/**
 * The local run's PostgreSQL: the server that answers at the configured endpoint, or, when nothing answers there and
 * the host is this machine, an embedded one ({@link EmbeddedPostgresServer}) started on that port with its data kept
 * in a directory of the local run ({@code .local/postgres}), so the apps use it as they would the real one and find
 * their data again on the next run.
 *
 * <p>Lifecycle: {@link #ensure} returns once a server accepts connections; {@link #close()} stops the embedded one
 * (a server that was already running is left alone). Not thread-safe; the local run calls it from one thread.
 */
public final class LocalPostgres implements AutoCloseable {

    /** Held so the level sticks: zonky's start-up INFO lines would otherwise crowd the local run's console. */
    private static final Logger ZONKY_LOGGER = Logger.getLogger("io.zonky");

    private final PostgresEndpoint endpoint;
    private final EmbeddedPostgresServer embedded;

    private LocalPostgres(PostgresEndpoint endpoint, EmbeddedPostgresServer embedded) {
        this.endpoint = endpoint;
        this.embedded = embedded;
    }

    /**
     * Uses the server at {@code endpoint} when one answers there, else starts an embedded one on its port.
     *
     * @param endpoint      where the apps will connect
     * @param embeddedDir   where an embedded server keeps its data ({@code data}) and log ({@code server.log})
     * @throws PostgresUnavailableException when a server answers but refuses the user, when nothing answers on a host
     *                                      that is not this machine, or when the embedded server cannot start
     */
    public static LocalPostgres ensure(PostgresEndpoint endpoint, Path embeddedDir) {
        SQLException refusal = probe(endpoint);
        if (refusal == null) {
            return new LocalPostgres(endpoint, null);
        }
        String where = endpoint.host() + ":" + endpoint.port() + " as " + endpoint.user();
        if (!isConnectionFailure(refusal)) {
            throw new PostgresUnavailableException(
                    "PostgreSQL at " + where + " answers but refuses us ("
                            + refusal.getMessage() + ")." + System.lineSeparator()
                            + "  Give the user access (CREATEDB; trust, or its password in PGPASSWORD), or use another"
                            + " server: --pg-host HOST --pg-port N --pg-user USER.",
                    refusal);
        }
        if (!isThisMachine(endpoint.host())) {
            throw new PostgresUnavailableException(
                    "PostgreSQL does not answer at " + where + " ("
                            + refusal.getMessage() + "), and an embedded one can only run on this machine."
                            + System.lineSeparator() + "  Start that server, or leave out --pg-host for 127.0.0.1:"
                            + endpoint.port() + " (an embedded server starts there when none answers).",
                    refusal);
        }
        if (!"postgres".equals(endpoint.user())) {
            throw new PostgresUnavailableException(
                    "PostgreSQL does not answer at " + where + " ("
                            + refusal.getMessage() + "), and the embedded server knows the user postgres only."
                            + System.lineSeparator() + "  Leave out --pg-user for it, or start a server that knows "
                            + endpoint.user() + ".",
                    refusal);
        }
        if (!portIsFree(endpoint.port())) {
            throw new PostgresUnavailableException(
                    "Something that is not PostgreSQL listens on 127.0.0.1:"
                            + endpoint.port() + " (" + refusal.getMessage() + ")." + System.lineSeparator()
                            + "  Stop it, or move PostgreSQL with --pg-port N.",
                    refusal);
        }
        ZONKY_LOGGER.setLevel(Level.WARNING);
        try {
            return new LocalPostgres(endpoint, EmbeddedPostgresServer.start(embeddedDir, endpoint.port()));
        } catch (RuntimeException e) {
            throw new PostgresUnavailableException(
                    "PostgreSQL does not answer at " + where + ", and the embedded" + " server did not start: "
                            + e.getMessage(),
                    e);
        }
    }

    /** True when this run started an embedded server, which {@link #close()} stops. */
    public boolean embedded() {
        return embedded != null;
    }

    /** Where the embedded server keeps its data and log; null when an already running server is used. */
    public Path embeddedDirectory() {
        return embedded == null ? null : embedded.directory();
    }

    /** Where the apps connect. */
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    /** Stops the embedded server, keeping its data; leaves a server that was already running alone. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static SQLException probe(PostgresEndpoint endpoint) {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        properties.setProperty("password", endpoint.password());
        // A server that is down refuses at once; a wrong host should not hang the local run either.
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        try (Connection connection = DriverManager.getConnection(endpoint.jdbcUrl("postgres"), properties)) {
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** SQLState class 08 (or none): nothing usable listens there, as opposed to a server that refused us. */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().startsWith("08");
    }

    /** An IPv4 loopback address: the embedded server listens on 127.0.0.1 only. */
    private static boolean isThisMachine(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address instanceof Inet4Address && address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
