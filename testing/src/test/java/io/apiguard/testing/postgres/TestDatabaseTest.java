package io.apiguard.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDatabaseTest {

    private static final PostgresEndpoint LOCAL = PostgresEndpoint.fromEnvironment(System.getenv());

    @Test
    void aFreshDatabaseIsCreatedOnTheRunningServerAndDroppedOnClose(@TempDir Path dir) {
        // Given
        TestDatabase database = TestDatabase.create(LOCAL, TestDatabase.defaultBinarySearchPath(), false, dir);
        String name = database.name();

        // When
        database.execute("CREATE TABLE probe (id INT PRIMARY KEY, label TEXT)");
        database.execute("INSERT INTO probe VALUES (1, 'fresh')");

        // Then
        assertThat(name).startsWith("apiguard_test_");
        assertThat(database.queryForString("SELECT label FROM probe WHERE id = 1")).isEqualTo("fresh");
        assertThat(databaseExists(database.endpoint(), name)).isTrue();
        assertThat(database.quarkusConfig()).containsEntry("quarkus.datasource.jdbc.url", database.endpoint().jdbcUrl(name))
                .containsEntry("quarkus.datasource.reactive.url", database.endpoint().reactiveUrl(name));

        database.close();
        assertThat(databaseExists(database.endpoint(), name)).isFalse();
    }

    @Test
    void withNoServerAnsweringAThrowawayServerIsStartedFromTheBinariesAndRemovedOnClose() throws Exception {
        // Given: under target/ like the real thing (a JUnit temp dir is private to root, out of postgres's reach)
        Path dir = java.nio.file.Files.createDirectories(Path.of("target", "throwaway-postgres-test"));
        PostgresEndpoint nobodyHome = new PostgresEndpoint("127.0.0.1", 1, "postgres", "");

        // When
        TestDatabase database = TestDatabase.create(nobodyHome, TestDatabase.defaultBinarySearchPath(), false, dir);

        // Then
        try {
            assertThat(database.onThrowawayServer()).isTrue();
            assertThat(database.endpoint().port()).isNotEqualTo(1);
            assertThat(database.queryForString("SELECT current_database()")).isEqualTo(database.name());
        } finally {
            database.close();
        }
        assertThat(TestDatabase.answers(database.endpoint())).as("the throwaway server is stopped").isFalse();
        assertThat(dir.toFile().list()).as("its data directory is removed").isEmpty();
    }

    @Test
    void withNoServerAndNoBinariesTheErrorSaysHowToGetPostgres(@TempDir Path dir) {
        PostgresEndpoint nobodyHome = new PostgresEndpoint("127.0.0.1", 1, "postgres", "");

        assertThatThrownBy(() -> TestDatabase.create(nobodyHome, List.of(dir), false, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("apt-get install postgresql")
                .hasMessageContaining("APIGUARD_TEST_PG_HOST");
    }

    @Test
    void theEndpointIsReadFromTheEnvironmentWithLocalDefaults() {
        assertThat(PostgresEndpoint.fromEnvironment(Map.of()))
                .isEqualTo(new PostgresEndpoint("127.0.0.1", 5432, "postgres", ""));
        assertThat(PostgresEndpoint.fromEnvironment(Map.of("APIGUARD_TEST_PG_HOST", "db", "APIGUARD_TEST_PG_PORT", "6543",
                "APIGUARD_TEST_PG_USER", "ci", "APIGUARD_TEST_PG_PASSWORD", "secret")))
                .isEqualTo(new PostgresEndpoint("db", 6543, "ci", "secret"));
    }

    private static boolean databaseExists(PostgresEndpoint endpoint, String name) {
        return name.equals(TestDatabase.queryForString(endpoint, "postgres",
                "SELECT datname FROM pg_database WHERE datname = '" + name + "'"));
    }
}
