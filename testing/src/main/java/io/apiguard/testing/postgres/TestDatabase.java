package io.apiguard.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fresh PostgreSQL database for one test JVM: created on the server that answers at the configured endpoint, or on
 * this JVM's embedded server ({@link EmbeddedPostgresServer}) when none answers there; dropped when closed.
 * {@link #shared()} is the JVM-wide instance that {@link PostgresResource} hands to Quarkus.
 *
 * <p>Thread-safe; every SQL helper opens and closes its own JDBC connection. {@link #close()} is idempotent.
 */
public final class TestDatabase implements AutoCloseable {

    /** System property; {@code embedded} skips the configured server for the embedded one, even when it answers. */
    public static final String MODE_PROPERTY = "apiguard.test.pg";
    /** Environment variable doing the same as {@link #MODE_PROPERTY}, for CI jobs that cannot pass properties. */
    public static final String MODE_ENV = "APIGUARD_TEST_PG";

    private static final Logger LOGGER = Logger.getLogger(TestDatabase.class.getName());

    private static volatile TestDatabase shared;

    private final PostgresEndpoint endpoint;
    private final String name;
    private final boolean onEmbeddedServer;
    private volatile boolean closed;

    /** Which server a database goes on. */
    public enum ServerChoice {
        /** The configured endpoint, or a clear error: the developer pointed the tests at it on purpose. */
        CONFIGURED,
        /** The configured endpoint when it answers and lets us in, else this JVM's embedded server. */
        CONFIGURED_OR_EMBEDDED,
        /** This JVM's embedded server, whatever answers elsewhere: what a fresh CI machine gets. */
        EMBEDDED;

        /**
         * {@link #EMBEDDED} for {@code -Dapiguard.test.pg=embedded} or {@code APIGUARD_TEST_PG=embedded} (the
         * property wins), else {@link #CONFIGURED} when an {@code APIGUARD_TEST_PG_*} variable names a server, else
         * {@link #CONFIGURED_OR_EMBEDDED}.
         *
         * @throws IllegalArgumentException for a mode other than {@code embedded} or {@code auto}
         */
        public static ServerChoice fromEnvironment(String property, Map<String, String> env) {
            String mode = property != null && !property.isBlank() ? property : env.get(MODE_ENV);
            if (mode != null && !mode.isBlank()) {
                String normalised = mode.trim();
                if ("embedded".equalsIgnoreCase(normalised)) {
                    return EMBEDDED;
                }
                if (!"auto".equalsIgnoreCase(normalised)) {
                    throw new IllegalArgumentException(MODE_PROPERTY + " / " + MODE_ENV + " is " + mode
                            + "; expected embedded (always the embedded server) or auto (the default)");
                }
            }
            return PostgresEndpoint.isConfigured(env) ? CONFIGURED : CONFIGURED_OR_EMBEDDED;
        }
    }

    private TestDatabase(PostgresEndpoint endpoint, String name, boolean onEmbeddedServer) {
        this.endpoint = endpoint;
        this.name = name;
        this.onEmbeddedServer = onEmbeddedServer;
    }

    /** The database of this JVM, created on first use and dropped at JVM exit. */
    public static TestDatabase shared() {
        TestDatabase database = shared;
        if (database == null) {
            synchronized (TestDatabase.class) {
                database = shared;
                if (database == null) {
                    Map<String, String> env = System.getenv();
                    database = create(
                            PostgresEndpoint.fromEnvironment(env),
                            ServerChoice.fromEnvironment(System.getProperty(MODE_PROPERTY), env));
                    if (!database.onEmbeddedServer()) {
                        // The embedded server goes away whole at exit (its own hook); a real one keeps no leftovers.
                        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "apiguard-postgres-cleanup"));
                    }
                    shared = database;
                }
            }
        }
        return database;
    }

    /**
     * Creates a fresh database.
     *
     * @param endpoint the configured server
     * @param choice   whether to use it, fall back from it, or skip it for this JVM's embedded server
     * @throws IllegalStateException when {@code choice} is {@link ServerChoice#CONFIGURED} and that server does not
     *                               answer or refuses us, saying what to set; or when the embedded server does not
     *                               start
     */
    public static TestDatabase create(PostgresEndpoint endpoint, ServerChoice choice) {
        String name =
                "apiguard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (choice != ServerChoice.EMBEDDED) {
            SQLException refusal = probe(endpoint);
            if (refusal == null) {
                createDatabase(endpoint, name);
                return new TestDatabase(endpoint, name, false);
            }
            if (choice == ServerChoice.CONFIGURED) {
                throw new IllegalStateException("The PostgreSQL the tests were pointed at, " + endpoint.host() + ":"
                        + endpoint.port() + ", " + describe(endpoint, refusal) + ". Fix APIGUARD_TEST_PG_HOST, "
                        + "APIGUARD_TEST_PG_PORT, APIGUARD_TEST_PG_USER and APIGUARD_TEST_PG_PASSWORD (a user allowed "
                        + "to CREATE DATABASE), or unset them all for the server on 127.0.0.1:5432 and, where none "
                        + "answers, an embedded one.");
            }
            if (!isConnectionFailure(refusal)) {
                // A server is there but will not have us (password, pg_hba): the embedded one still runs the tests,
                // and this line says why the machine's was not used.
                LOGGER.log(
                        Level.WARNING,
                        "PostgreSQL at {0}:{1} {2}; using an embedded server instead. Set "
                                + "APIGUARD_TEST_PG_USER and APIGUARD_TEST_PG_PASSWORD to use that one.",
                        new Object[] {endpoint.host(), String.valueOf(endpoint.port()), describe(endpoint, refusal)});
            }
        }
        PostgresEndpoint embedded = JvmEmbeddedPostgres.endpoint();
        createDatabase(embedded, name);
        return new TestDatabase(embedded, name, true);
    }

    /** The database name, {@code apiguard_test_<random>}. */
    public String name() {
        return name;
    }

    /** The server the database lives on. */
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    /** True when the database lives on this JVM's embedded server. */
    public boolean onEmbeddedServer() {
        return onEmbeddedServer;
    }

    /** Quarkus datasource configuration for this database: the reactive pool and the JDBC URL Flyway uses. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.reactive.url", endpoint.reactiveUrl(name),
                "quarkus.datasource.jdbc.url", endpoint.jdbcUrl(name),
                "quarkus.datasource.username", endpoint.user(),
                "quarkus.datasource.password", endpoint.password());
    }

    /** Runs one SQL statement over JDBC, outside the application, e.g. to prepare or inspect a table. */
    public void execute(String sql) {
        try (Connection connection = connect(endpoint, name);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + sql, e);
        }
    }

    /** The first column of the first row of {@code sql}, as a string, or null when there is no row. */
    public String queryForString(String sql) {
        return queryForString(endpoint, name, sql);
    }

    /** A new JDBC connection to this database, for checks richer than {@link #queryForString}; the caller closes it. */
    public Connection connection() throws SQLException {
        return connect(endpoint, name);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Only the database: the JVM's embedded server serves other databases and stops at JVM exit.
        dropDatabase(endpoint, name);
    }

    static boolean answers(PostgresEndpoint endpoint) {
        return probe(endpoint) == null;
    }

    /** Null when {@code endpoint} accepts us on its {@code postgres} database, else why not. */
    private static SQLException probe(PostgresEndpoint endpoint) {
        try (Connection connection = connect(endpoint, "postgres")) {
            return connection.isValid(2) ? null : new SQLException("connection not valid", "08006");
        } catch (SQLException e) {
            return e;
        }
    }

    /** SQLState class 08: nothing (usable) listens there, as opposed to a server that refused us. */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().startsWith("08");
    }

    private static String describe(PostgresEndpoint endpoint, SQLException refusal) {
        return isConnectionFailure(refusal)
                ? "does not answer (" + refusal.getMessage() + ")"
                : "answers but refused user " + endpoint.user() + " (" + refusal.getMessage() + ")";
    }

    static String queryForString(PostgresEndpoint endpoint, String database, String sql) {
        try (Connection connection = connect(endpoint, database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + sql, e);
        }
    }

    private static void createDatabase(PostgresEndpoint endpoint, String name) {
        // template0: template1 may carry objects or an encoding of the machine's choosing.
        execute(endpoint, "postgres", "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    }

    /** Drops even while an application's pool still holds connections, as it may at JVM exit. */
    private static void dropDatabase(PostgresEndpoint endpoint, String name) {
        int version = Integer.parseInt(queryForString(endpoint, "postgres", "SHOW server_version_num"));
        if (version >= 130000) {
            execute(endpoint, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            return;
        }
        // Before PostgreSQL 13 there is no FORCE: end the other sessions first.
        execute(
                endpoint,
                "postgres",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND pid <> pg_backend_pid()");
        execute(endpoint, "postgres", "DROP DATABASE IF EXISTS " + name);
    }

    private static void execute(PostgresEndpoint endpoint, String database, String sql) {
        try (Connection connection = connect(endpoint, database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "SQL failed on " + endpoint.host() + ":" + endpoint.port() + "/" + database + ": " + sql, e);
        }
    }

    private static Connection connect(PostgresEndpoint endpoint, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        properties.setProperty("password", endpoint.password());
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(endpoint.jdbcUrl(database), properties);
    }
}
