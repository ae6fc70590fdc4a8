package io.apiguard.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.apiguard.testing.postgres.PostgresEndpoint;
import io.apiguard.testing.postgres.TestDatabase;

/** The server that answers is used; where none answers here an embedded one starts, keeping its data across runs. */
class LocalPostgresTest {

    /** The test kit's server: the local one when it answers, else this JVM's embedded one. */
    private final PostgresEndpoint server = TestDatabase.shared().endpoint();
    /** Stands in for {@code .local/postgres}. */
    private final Path embeddedDir =
            Path.of("target", "local-postgres-test", UUID.randomUUID().toString());

    @AfterEach
    void deleteEmbeddedDir() throws IOException {
        if (Files.exists(embeddedDir)) {
            try (Stream<Path> paths = Files.walk(embeddedDir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aServerThatAnswersIsUsedAndLeftRunning() throws SQLException {
        // When
        LocalPostgres postgres = LocalPostgres.ensure(server, embeddedDir);
        postgres.close();

        // Then
        assertThat(postgres.embedded()).isFalse();
        assertThat(postgres.endpoint()).isEqualTo(server);
        assertThat(embeddedDir).doesNotExist();
        try (Connection connection = connect(server, "postgres")) {
            assertThat(connection.isValid(2)).as("still up after close").isTrue();
        }
    }

    @Test
    void withNothingAnsweringHereAnEmbeddedServerStartsOnThatPortAndKeepsItsDataForTheNextRun() throws Exception {
        // Given: a port nothing listens on
        PostgresEndpoint nobodyHome = new PostgresEndpoint("127.0.0.1", closedPort(), "postgres", "");
        String database = "apiguard_devstack_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

        // When: a first run writes a row, and stops
        LocalPostgres first = LocalPostgres.ensure(nobodyHome, embeddedDir);
        try {
            assertThat(first.embedded()).isTrue();
            assertThat(first.embeddedDirectory()).isEqualTo(embeddedDir.toAbsolutePath());
            assertThat(new LocalDatabases(nobodyHome).ensure(List.of(database))).containsExactly(database);
            execute(nobodyHome, database, "CREATE TABLE kept (id INT PRIMARY KEY)");
            execute(nobodyHome, database, "INSERT INTO kept VALUES (42)");
        } finally {
            first.close();
        }
        assertThat(answers(nobodyHome)).as("stopped with the stack").isFalse();

        // Then: the next run finds the database and the row again, on the same port
        LocalPostgres second = LocalPostgres.ensure(nobodyHome, embeddedDir);
        try {
            assertThat(second.embedded()).isTrue();
            assertThat(new LocalDatabases(nobodyHome).ensure(List.of(database))).isEmpty();
            try (Connection connection = connect(nobodyHome, database);
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT id FROM kept")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt(1)).isEqualTo(42);
            }
        } finally {
            second.close();
        }
        assertThat(embeddedDir.resolve("data").resolve("PG_VERSION")).exists();
        assertThat(embeddedDir.resolve("server.log")).exists();
    }

    @Test
    void aServerThatAnswersButRefusesTheUserIsExplained() {
        // Given
        PostgresEndpoint refusing = new PostgresEndpoint(server.host(), server.port(), "no_such_role", "");

        // When / Then: no embedded server would help; the user must be fixed
        assertThatThrownBy(() -> LocalPostgres.ensure(refusing, embeddedDir))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageStartingWith("PostgreSQL at " + server.host() + ":" + server.port()
                        + " as no_such_role answers but refuses us")
                .hasMessageContaining("--pg-host HOST --pg-port N --pg-user USER");
        assertThat(embeddedDir).doesNotExist();
    }

    @Test
    void nothingAnsweringOnAnotherHostIsExplained() {
        // Given
        PostgresEndpoint elsewhere = new PostgresEndpoint("no-such-host.invalid", 5432, "postgres", "");

        // When / Then
        assertThatThrownBy(() -> LocalPostgres.ensure(elsewhere, embeddedDir))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageStartingWith("PostgreSQL does not answer at no-such-host.invalid:5432 as postgres")
                .hasMessageContaining("an embedded one can only run on this machine");
    }

    @Test
    void nothingAnsweringForAnotherUserIsExplained() throws IOException {
        // Given
        PostgresEndpoint alice = new PostgresEndpoint("127.0.0.1", closedPort(), "alice", "");

        // When / Then
        assertThatThrownBy(() -> LocalPostgres.ensure(alice, embeddedDir))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageContaining("the embedded server knows the user postgres only")
                .hasMessageContaining("Leave out --pg-user");
    }

    @Test
    void somethingElseOnThePortIsExplained() throws Exception {
        // Given: a listener that hangs up on every connection, as a non-PostgreSQL service might
        try (ServerSocket impostor = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(
                    () -> {
                        while (!impostor.isClosed()) {
                            try (Socket ignored = impostor.accept()) {
                                // closed at once
                            } catch (IOException closing) {
                                return;
                            }
                        }
                    },
                    "impostor");
            hangUp.start();
            PostgresEndpoint taken = new PostgresEndpoint("127.0.0.1", impostor.getLocalPort(), "postgres", "");

            // When / Then
            assertThatThrownBy(() -> LocalPostgres.ensure(taken, embeddedDir))
                    .isInstanceOf(PostgresUnavailableException.class)
                    .hasMessageStartingWith(
                            "Something that is not PostgreSQL listens on 127.0.0.1:" + impostor.getLocalPort())
                    .hasMessageContaining("--pg-port N");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean answers(PostgresEndpoint endpoint) {
        try (Connection connection = connect(endpoint, "postgres")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(PostgresEndpoint endpoint, String database, String sql) throws SQLException {
        try (Connection connection = connect(endpoint, database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(PostgresEndpoint endpoint, String database) throws SQLException {
        return DriverManager.getConnection(endpoint.jdbcUrl(database), endpoint.user(), endpoint.password());
    }
}
