package io.apiguard.devstack.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import io.apiguard.testing.postgres.PostgresEndpoint;

/** Checks the local PostgreSQL server and creates the apps' databases on it when they are missing. */
public final class LocalDatabases {

    private final PostgresEndpoint endpoint;

    public LocalDatabases(PostgresEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Creates each database that does not exist yet; returns the ones it created.
     *
     * @throws IllegalStateException when the server does not answer, with what to do about it
     */
    public List<String> ensure(List<String> databases) {
        try (Connection connection = connect()) {
            List<String> created = new java.util.ArrayList<>();
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
            throw new IllegalStateException("PostgreSQL does not answer at " + endpoint.host() + ":" + endpoint.port()
                    + " as " + endpoint.user() + " (" + e.getMessage() + "). Start it (Debian: pg_ctlcluster "
                    + "--skip-systemctl-redirect <version> main start), install it (apt-get install postgresql), or "
                    + "point the local run elsewhere with --pg-host, --pg-port and --pg-user.", e);
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
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(endpoint.jdbcUrl("postgres"), properties);
    }
}
