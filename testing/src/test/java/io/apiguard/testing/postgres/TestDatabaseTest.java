package io.apiguard.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh database on the running server, a throwaway server otherwise, and a clear error when neither can be had. */
class TestDatabaseTest {

    /** A server that answers for sure: the configured one, or this JVM's throwaway one where none is configured. */
    private static final PostgresEndpoint LOCAL_OR_SHARED = TestDatabase.shared().endpoint();

    @Test
    void aFreshDatabaseIsCreatedOnTheRunningServerAndDroppedOnClose(@TempDir Path dir) {
        // Given
        TestDatabase database = TestDatabase.create(LOCAL_OR_SHARED, TestDatabase.defaultBinarySearchPath(), false,
                dir);
        String name = database.name();

        // When
        database.execute("CREATE TABLE probe (id INT PRIMARY KEY, label TEXT)");
        database.execute("INSERT INTO probe VALUES (1, 'fresh')");

        // Then
        assertThat(database.onThrowawayServer()).isFalse();
        assertThat(name).startsWith("apiguard_test_");
        assertThat(database.queryForString("SELECT label FROM probe WHERE id = 1")).isEqualTo("fresh");
        assertThat(databaseExists(database.endpoint(), name)).isTrue();
        assertThat(database.quarkusConfig())
                .containsEntry("quarkus.datasource.jdbc.url", database.endpoint().jdbcUrl(name))
                .containsEntry("quarkus.datasource.reactive.url", database.endpoint().reactiveUrl(name));

        database.close();
        assertThat(databaseExists(database.endpoint(), name)).isFalse();
    }

    @Test
    void withNoServerAnsweringAThrowawayServerIsStartedFromTheBinariesAndRemovedOnClose() throws Exception {
        // Given: under target/, where the shared resource puts it too
        Path dir = Files.createDirectories(Path.of("target", "throwaway-postgres-test"));
        PostgresEndpoint nobodyHome = new PostgresEndpoint("127.0.0.1", 1, "postgres", "");

        // When
        TestDatabase database = TestDatabase.create(nobodyHome, TestDatabase.defaultBinarySearchPath(), false, dir);

        // Then
        try {
            assertThat(database.onThrowawayServer()).isTrue();
            assertThat(database.endpoint().port()).isNotEqualTo(1);
            assertThat(database.queryForString("SELECT current_database()")).isEqualTo(database.name());
            assertThat(database.queryForString("SELECT 1")).isEqualTo("1");
        } finally {
            database.close();
        }
        assertThat(TestDatabase.answers(database.endpoint())).as("the throwaway server is stopped").isFalse();
        assertThat(dir.toFile().list()).as("its data directory is removed").isEmpty();
    }

    @Test
    void aServerThatRefusesTheUserIsPassedOverForAThrowawayOneEvenBehindARootOnlyDirectory() throws Exception {
        // Given: a server that answers but has no such role, and a parent directory PostgreSQL's user cannot enter
        PostgresEndpoint refusing = new PostgresEndpoint(LOCAL_OR_SHARED.host(), LOCAL_OR_SHARED.port(),
                "no_such_role", "");
        Path rootOnly = Files.createDirectories(Path.of("target", "root-only-parent"));
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwx------"));

        // When
        TestDatabase database = TestDatabase.create(refusing, TestDatabase.defaultBinarySearchPath(), false,
                rootOnly.resolve("nested"));

        // Then
        try {
            assertThat(database.onThrowawayServer()).isTrue();
            assertThat(database.endpoint().port()).isNotEqualTo(refusing.port());
            assertThat(database.queryForString("SELECT 1")).isEqualTo("1");
        } finally {
            database.close();
        }
    }

    @Test
    void withNoServerAndNoBinariesTheErrorSaysHowToGetPostgres(@TempDir Path dir) {
        // Given
        PostgresEndpoint nobodyHome = new PostgresEndpoint("127.0.0.1", 1, "postgres", "");

        // When / Then
        assertThatThrownBy(() -> TestDatabase.create(nobodyHome, List.of(dir), false, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("apt-get install postgresql")
                .hasMessageContaining("APIGUARD_TEST_PG_HOST");
    }

    @Test
    void theEndpointIsReadFromTheEnvironmentWithLocalDefaults() {
        // When / Then
        assertThat(PostgresEndpoint.fromEnvironment(Map.of()))
                .isEqualTo(new PostgresEndpoint("127.0.0.1", 5432, "postgres", ""));
        assertThat(PostgresEndpoint.fromEnvironment(Map.of("APIGUARD_TEST_PG_HOST", "db",
                "APIGUARD_TEST_PG_PORT", "6543",
                "APIGUARD_TEST_PG_USER", "ci", "APIGUARD_TEST_PG_PASSWORD", "secret")))
                .isEqualTo(new PostgresEndpoint("db", 6543, "ci", "secret"));
    }

    @Test
    void aThrowawayServerCanBeForcedByPropertyOrEnvironment() {
        // When / Then
        assertThat(TestDatabase.throwawayRequested(null, null)).isFalse();
        assertThat(TestDatabase.throwawayRequested("throwaway", null)).isTrue();
        assertThat(TestDatabase.throwawayRequested(null, "THROWAWAY")).isTrue();
        assertThat(TestDatabase.throwawayRequested("local", "throwaway")).as("the property wins").isFalse();
    }

    @Test
    void theResourcePointsTheAppsDatasourceAtTheSharedDatabase() throws Exception {
        // Given
        PostgresResource resource = new PostgresResource();

        // When
        Map<String, String> config = resource.start();
        resource.stop();

        // Then
        TestDatabase database = PostgresResource.database();
        assertThat(database).isSameAs(TestDatabase.shared());
        assertThat(config).containsOnlyKeys("quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url",
                        "quarkus.datasource.username", "quarkus.datasource.password")
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://" + database.endpoint().host() + ":"
                        + database.endpoint().port() + "/" + database.name())
                .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + database.endpoint().host() + ":"
                        + database.endpoint().port() + "/" + database.name())
                .containsEntry("quarkus.datasource.username", database.endpoint().user());
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database(), 1")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo(database.name());
            assertThat(row.getInt(2)).isEqualTo(1);
        }
    }

    private static boolean databaseExists(PostgresEndpoint endpoint, String name) {
        return name.equals(TestDatabase.queryForString(endpoint, "postgres",
                "SELECT datname FROM pg_database WHERE datname = '" + name + "'"));
    }
}
