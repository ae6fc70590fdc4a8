package io.apiguard.devstack.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.apiguard.testing.postgres.PostgresEndpoint;

/** Checks that the local PostgreSQL server answers and creates the apps' databases on it when they are missing. */
public final class LocalDatabases {

    /** CREATE DATABASE takes no bind parameters, so names are checked instead of quoted. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Where Debian and Ubuntu install each PostgreSQL version's binaries. */
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

    private final PostgresEndpoint endpoint;

    public LocalDatabases(PostgresEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Creates each database that does not exist yet, owned by the connecting user; existing ones, and their data,
     * are kept.
     *
     * @return the databases it created
     * @throws PostgresUnavailableException when the server does not answer or refuses the user, saying what to do
     */
    public List<String> ensure(List<String> databases) {
        databases.forEach(LocalDatabases::checkName);
        try (Connection connection = connect()) {
            List<String> created = new ArrayList<>();
            for (String database : databases) {
                if (!exists(connection, database)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8'");
                    }
                    created.add(database);
                }
            }
            return created;
        } catch (SQLException e) {
            throw new PostgresUnavailableException(unavailableMessage(e.getMessage()), e);
        }
    }

    private String unavailableMessage(String cause) {
        String where = endpoint.host() + ":" + endpoint.port() + " as " + endpoint.user();
        return "PostgreSQL does not answer at " + where + " (" + cause + ")." + System.lineSeparator()
                + "  Start it:   " + startCommand() + System.lineSeparator()
                + "  Install it: apt-get install postgresql (Debian, Ubuntu), brew install postgresql (macOS)"
                + System.lineSeparator()
                + "  Or use another server: --pg-host HOST --pg-port N --pg-user USER (password in PGPASSWORD);"
                + " the user needs CREATEDB.";
    }

    /** The start command for the installed version when it can tell (Debian layout), a generic one otherwise. */
    private static String startCommand() {
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            List<String> installed = versions.map(path -> path.getFileName().toString()).sorted().toList();
            if (!installed.isEmpty()) {
                String version = installed.get(installed.size() - 1);
                return "pg_ctlcluster " + version + " main start (or: service postgresql start)";
            }
        } catch (IOException notDebian) {
            // Fall through to the generic advice.
        }
        return "service postgresql start, or pg_ctl -D <data dir> start";
    }

    private static void checkName(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        properties.setProperty("password", endpoint.password());
        // A server that is down refuses at once; a wrong host should not hang the local run either.
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(endpoint.jdbcUrl("postgres"), properties);
    }
}
