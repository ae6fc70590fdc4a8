package io.apiguard.devstack.postgres;

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

import io.apiguard.testing.postgres.PostgresEndpoint;

/** Creates the apps' databases on the local run's PostgreSQL ({@link LocalPostgres}) when they are missing. */
public final class LocalDatabases {

    /** CREATE DATABASE takes no bind parameters, so names are checked instead of quoted. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final PostgresEndpoint endpoint;

    public LocalDatabases(PostgresEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Creates each database that does not exist yet, owned by the connecting user; existing ones, and their data,
     * are kept.
     *
     * @return the databases it created
     * @throws PostgresUnavailableException when the server does not answer, refuses the user or does not let it create
     *                                      databases, saying what to do
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
        return "PostgreSQL at " + endpoint.host() + ":" + endpoint.port() + " as " + endpoint.user()
                + " could not check or create the apps' databases (" + cause + ")." + System.lineSeparator()
                + "  The user needs CREATEDB; or use another server: --pg-host HOST --pg-port N --pg-user USER"
                + " (password in PGPASSWORD).";
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
