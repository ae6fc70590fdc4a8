package io.apiguard.testing.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A fresh PostgreSQL database for one test JVM: created on the server that answers at the configured endpoint, or on
 * a throwaway server started from installed binaries when none answers; dropped (and the throwaway server stopped)
 * when closed. {@link #shared()} is the JVM-wide instance that {@link PostgresResource} hands to Quarkus.
 *
 * <p>Thread-safe; every SQL helper opens and closes its own JDBC connection. {@link #close()} is idempotent.
 */
public final class TestDatabase implements AutoCloseable {

    /** System property; {@code throwaway} skips the running server and starts one from the binaries. */
    public static final String MODE_PROPERTY = "apiguard.test.postgres";
    /** Environment variable doing the same as {@link #MODE_PROPERTY}, for CI jobs that cannot pass properties. */
    public static final String MODE_ENV = "APIGUARD_TEST_POSTGRES";

    private static final Logger LOGGER = Logger.getLogger(TestDatabase.class.getName());

    private static volatile TestDatabase shared;

    private final PostgresEndpoint endpoint;
    private final String name;
    private final ThrowawayPostgres throwaway;
    private volatile boolean closed;

    private TestDatabase(PostgresEndpoint endpoint, String name, ThrowawayPostgres throwaway) {
        this.endpoint = endpoint;
        this.name = name;
        this.throwaway = throwaway;
    }

    /** The database of this JVM, created on first use and dropped by a shutdown hook. */
    public static TestDatabase shared() {
        TestDatabase database = shared;
        if (database == null) {
            synchronized (TestDatabase.class) {
                database = shared;
                if (database == null) {
                    database = create(PostgresEndpoint.fromEnvironment(System.getenv()), defaultBinarySearchPath(),
                            throwawayRequested(System.getProperty(MODE_PROPERTY), System.getenv(MODE_ENV)),
                            Path.of("target").toAbsolutePath());
                    Runtime.getRuntime().addShutdownHook(new Thread(database::close, "apiguard-postgres-cleanup"));
                    shared = database;
                }
            }
        }
        return database;
    }

    /**
     * Creates a fresh database.
     *
     * @param endpoint           the server to use when it answers
     * @param binarySearchPath   directories to look for {@code initdb} and {@code pg_ctl} in when it does not
     * @param forceThrowaway     skip {@code endpoint} and start a throwaway server
     * @param throwawayParentDir where a throwaway server keeps its data
     * @throws IllegalStateException when no server answers and no binaries are installed, saying how to get them
     */
    public static TestDatabase create(PostgresEndpoint endpoint, List<Path> binarySearchPath, boolean forceThrowaway,
            Path throwawayParentDir) {
        String name = "apiguard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String unavailable = "was not tried (" + MODE_PROPERTY + "=throwaway)";
        if (!forceThrowaway) {
            SQLException refusal = probe(endpoint);
            if (refusal == null) {
                createDatabase(endpoint, name);
                return new TestDatabase(endpoint, name, null);
            }
            unavailable = describe(endpoint, refusal);
            if (!isConnectionFailure(refusal)) {
                // A server is there but will not have us (password, pg_hba): a throwaway server still runs the
                // tests, and this line says why the configured one was not used.
                LOGGER.log(Level.WARNING, "PostgreSQL at {0}:{1} {2}; starting a throwaway server instead. Set "
                        + "APIGUARD_TEST_PG_USER and APIGUARD_TEST_PG_PASSWORD to use that one.",
                        new Object[] {endpoint.host(), String.valueOf(endpoint.port()), unavailable});
            }
        }
        Path binDir = findBinaries(binarySearchPath);
        if (binDir == null) {
            throw new IllegalStateException("No PostgreSQL for the tests: the server at " + endpoint.host() + ":"
                    + endpoint.port() + " " + unavailable + ", and no initdb/pg_ctl was found in " + binarySearchPath
                    + ". Either install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; a running server on "
                    + "127.0.0.1:5432 with trust or password auth is used directly, else the tests start a throwaway "
                    + "server from its binaries), or point the tests at a server with APIGUARD_TEST_PG_HOST, "
                    + "APIGUARD_TEST_PG_PORT, APIGUARD_TEST_PG_USER and APIGUARD_TEST_PG_PASSWORD (a user allowed to "
                    + "CREATE DATABASE).");
        }
        ThrowawayPostgres server = ThrowawayPostgres.start(binDir, throwawayParentDir, freePort());
        try {
            createDatabase(server.endpoint(), name);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return new TestDatabase(server.endpoint(), name, server);
    }

    /** The database name, {@code apiguard_test_<random>}. */
    public String name() {
        return name;
    }

    /** The server the database lives on. */
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    /** True when the database lives on a server started by this test JVM. */
    public boolean onThrowawayServer() {
        return throwaway != null;
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
        try (Connection connection = connect(endpoint, name); Statement statement = connection.createStatement()) {
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
        try {
            dropDatabase(endpoint, name);
        } finally {
            if (throwaway != null) {
                throwaway.close();
            }
        }
    }

    /** The directories holding the installed PostgreSQL binaries, newest version first, then the PATH. */
    public static List<Path> defaultBinarySearchPath() {
        List<Path> dirs = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.comparing(TestDatabase::versionOf).reversed())
                        .map(version -> version.resolve("bin"))
                        .forEach(dirs::add);
            } catch (IOException e) {
                // An unreadable directory only narrows the search.
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }

    static boolean answers(PostgresEndpoint endpoint) {
        return probe(endpoint) == null;
    }

    /** True for {@code -Dapiguard.test.postgres=throwaway} or {@code APIGUARD_TEST_POSTGRES=throwaway}. */
    static boolean throwawayRequested(String property, String env) {
        String mode = property != null && !property.isBlank() ? property : env;
        return mode != null && "throwaway".equalsIgnoreCase(mode.trim());
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

    private static Path findBinaries(List<Path> searchPath) {
        for (Path dir : searchPath) {
            if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
                return dir;
            }
        }
        return null;
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
        execute(endpoint, "postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + name + "' AND pid <> pg_backend_pid()");
        execute(endpoint, "postgres", "DROP DATABASE IF EXISTS " + name);
    }

    private static void execute(PostgresEndpoint endpoint, String database, String sql) {
        try (Connection connection = connect(endpoint, database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + endpoint.host() + ":" + endpoint.port() + "/" + database
                    + ": " + sql, e);
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

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for a throwaway PostgreSQL", e);
        }
    }
}
