package io.apiguard.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded server keeps its data and its port across a stop and a start, and says why when it cannot start. */
class EmbeddedPostgresServerTest {

    /** Under target/, as the test kit's own server; one directory per test. */
    private final Path directory =
            Path.of("target", "embedded-postgres-test", UUID.randomUUID().toString());

    @AfterEach
    void deleteDirectory() throws Exception {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aStoppedServerStartsAgainOnTheSameDataAndPort() throws Exception {
        // Given: a table with a row, and a session open across the stop
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startForTests(directory, 0)) {
            PostgresEndpoint before = server.endpoint();
            execute(before, "CREATE TABLE kept (id INT PRIMARY KEY, label TEXT)");
            execute(before, "INSERT INTO kept VALUES (1, 'before the restart')");
            Connection openAcrossStop = connect(before);

            // When
            server.stop();

            // Then: down, and the open session was cut
            assertThat(server.isRunning()).isFalse();
            assertThat(TestDatabase.answers(before))
                    .as("nothing answers while stopped")
                    .isFalse();
            assertThat(openAcrossStop.isValid(2))
                    .as("the fast shutdown cut the open session")
                    .isFalse();
            openAcrossStop.close();

            // When
            server.start();

            // Then: the same address, the same data, and new connections work
            assertThat(server.isRunning()).isTrue();
            assertThat(server.endpoint()).isEqualTo(before);
            assertThat(TestDatabase.queryForString(before, "postgres", "SELECT label FROM kept WHERE id = 1"))
                    .isEqualTo("before the restart");
            try (Connection after = connect(before);
                    Statement statement = after.createStatement()) {
                statement.execute("INSERT INTO kept VALUES (2, 'after the restart')");
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM kept")) {
                    assertThat(count.next()).isTrue();
                    assertThat(count.getInt(1)).isEqualTo(2);
                }
            }
            assertThat(Files.readString(server.log())).as("its log").contains("database system is ready");
        }
    }

    @Test
    void aClosedServerStaysStopped() {
        // Given
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startForTests(directory, 0);
        PostgresEndpoint endpoint = server.endpoint();

        // When
        server.close();
        server.close();

        // Then
        assertThat(TestDatabase.answers(endpoint)).isFalse();
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("closed: ");
        assertThat(directory.resolve("data").resolve("PG_VERSION"))
                .as("the data stays on disk")
                .exists();
    }

    @Test
    void aServerThatCannotStartSaysWhereAndNamesItsLog() throws Exception {
        // Given: a file where its directory should be
        Files.createDirectories(directory.getParent());
        Files.writeString(directory, "not a directory");

        // When / Then
        assertThatThrownBy(() -> EmbeddedPostgresServer.startForTests(directory, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("embedded PostgreSQL did not start on 127.0.0.1:")
                .hasMessageContaining(directory.toAbsolutePath().resolve("data").toString())
                .hasMessageEndingWith("its log: " + directory.toAbsolutePath().resolve("server.log"));
    }

    private static void execute(PostgresEndpoint endpoint, String sql) throws SQLException {
        try (Connection connection = connect(endpoint);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(PostgresEndpoint endpoint) throws SQLException {
        return DriverManager.getConnection(endpoint.jdbcUrl("postgres"), endpoint.user(), endpoint.password());
    }
}
