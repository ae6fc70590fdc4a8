package io.apiguard.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.apiguard.testing.postgres.PostgresEndpoint;
import io.apiguard.testing.postgres.TestDatabase;

class LocalDatabasesTest {

    /** The test kit's server: the local one when it answers, else this JVM's embedded one. */
    private final PostgresEndpoint server = TestDatabase.shared().endpoint();

    private final String database =
            "apiguard_devstack_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    @Test
    void createsAMissingDatabaseOnceAndKeepsItAfter() {
        // Given
        LocalDatabases databases = new LocalDatabases(server);

        // When
        List<String> first = databases.ensure(List.of(database));
        List<String> second = databases.ensure(List.of(database));

        // Then
        assertThat(first).containsExactly(database);
        assertThat(second).isEmpty();
    }

    @Test
    void aServerThatDoesNotAnswerIsExplainedWithWhatToDo() throws IOException {
        // Given: a port nothing listens on
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        LocalDatabases databases = new LocalDatabases(new PostgresEndpoint("127.0.0.1", closedPort, "postgres", ""));

        // When / Then
        assertThatThrownBy(() -> databases.ensure(List.of(database)))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageStartingWith("PostgreSQL at 127.0.0.1:" + closedPort + " as postgres could not check or"
                        + " create the apps' databases")
                .hasMessageContaining("The user needs CREATEDB")
                .hasMessageContaining("--pg-host HOST --pg-port N --pg-user USER");
    }

    @Test
    void refusesNamesItWouldHaveToQuote() {
        // When / Then
        assertThatThrownBy(() -> new LocalDatabases(server).ensure(List.of("x; DROP DATABASE postgres")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a plain database name: x; DROP DATABASE postgres");
    }
}
