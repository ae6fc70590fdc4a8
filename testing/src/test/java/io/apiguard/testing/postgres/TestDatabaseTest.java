package io.apiguard.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.testing.postgres.TestDatabase.ServerChoice;

/**
 * A fresh database on the configured server, on this JVM's embedded server where that one does not answer or is
 * skipped, and a clear error when a server the tests were pointed at cannot be used.
 */
class TestDatabaseTest {

    /** A server that answers for sure: the configured one, or this JVM's embedded one where none answers. */
    private static final PostgresEndpoint LOCAL_OR_SHARED =
            TestDatabase.shared().endpoint();

    private static final PostgresEndpoint NOBODY_HOME = new PostgresEndpoint("127.0.0.1", 1, "postgres", "");

    @Test
    void aFreshDatabaseIsCreatedOnTheConfiguredServerAndDroppedOnClose() {
        // Given
        TestDatabase database = TestDatabase.create(LOCAL_OR_SHARED, ServerChoice.CONFIGURED);
        String name = database.name();

        // When
        database.execute("CREATE TABLE probe (id INT PRIMARY KEY, label TEXT)");
        database.execute("INSERT INTO probe VALUES (1, 'fresh')");

        // Then
        assertThat(database.onEmbeddedServer()).isFalse();
        assertThat(database.endpoint()).isEqualTo(LOCAL_OR_SHARED);
        assertThat(name).startsWith("apiguard_test_");
        assertThat(database.queryForString("SELECT label FROM probe WHERE id = 1"))
                .isEqualTo("fresh");
        assertThat(databaseExists(database.endpoint(), name)).isTrue();
        assertThat(database.quarkusConfig())
                .containsEntry(
                        "quarkus.datasource.jdbc.url", database.endpoint().jdbcUrl(name))
                .containsEntry(
                        "quarkus.datasource.reactive.url", database.endpoint().reactiveUrl(name));

        database.close();
        assertThat(databaseExists(database.endpoint(), name)).isFalse();
    }

    @Test
    void withNoServerAnsweringTheDatabaseGoesOnTheJvmsEmbeddedServer() {
        // When
        TestDatabase database = TestDatabase.create(NOBODY_HOME, ServerChoice.CONFIGURED_OR_EMBEDDED);

        // Then
        try {
            assertThat(database.onEmbeddedServer()).isTrue();
            assertThat(database.endpoint()).isEqualTo(JvmEmbeddedPostgres.endpoint());
            assertThat(database.endpoint().host()).isEqualTo("127.0.0.1");
            assertThat(database.endpoint().port()).isNotEqualTo(1);
            assertThat(database.queryForString("SELECT current_database()")).isEqualTo(database.name());
            assertThat(database.queryForString("SHOW server_version_num")).startsWith("16");
        } finally {
            database.close();
        }
        assertThat(databaseExists(database.endpoint(), database.name()))
                .as("the database is dropped")
                .isFalse();
        assertThat(TestDatabase.answers(database.endpoint()))
                .as("the server serves this JVM's other tests")
                .isTrue();
    }

    @Test
    void everyClassLoaderOfTheJvmSharesItsOneEmbeddedServer() throws Exception {
        // Given: the test kit loaded again, as Quarkus does for each application it starts
        PostgresEndpoint here = JvmEmbeddedPostgres.endpoint();
        URL classes =
                JvmEmbeddedPostgres.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader another = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> reloaded = another.loadClass(JvmEmbeddedPostgres.class.getName());
            Method endpoint = reloaded.getDeclaredMethod("endpoint");
            endpoint.setAccessible(true);

            // When
            Object theirs = endpoint.invoke(null);

            // Then: the same server, not a second one
            assertThat(reloaded).isNotSameAs(JvmEmbeddedPostgres.class);
            assertThat(theirs.toString()).isEqualTo(here.toString());
            assertThat(System.getProperty(JvmEmbeddedPostgres.PORT_PROPERTY)).isEqualTo(String.valueOf(here.port()));
        }
    }

    @Test
    void aServerThatRefusesTheUserIsPassedOverForTheEmbeddedOne() {
        // Given: a server that answers but has no such role
        PostgresEndpoint refusing =
                new PostgresEndpoint(LOCAL_OR_SHARED.host(), LOCAL_OR_SHARED.port(), "no_such_role", "");

        // When
        TestDatabase database = TestDatabase.create(refusing, ServerChoice.CONFIGURED_OR_EMBEDDED);

        // Then
        try {
            assertThat(database.onEmbeddedServer()).isTrue();
            assertThat(database.endpoint().user()).isEqualTo("postgres");
            assertThat(database.queryForString("SELECT 1")).isEqualTo("1");
        } finally {
            database.close();
        }
    }

    @Test
    void theEmbeddedServerCanBeForcedOverOneThatAnswers() {
        // When
        TestDatabase database = TestDatabase.create(LOCAL_OR_SHARED, ServerChoice.EMBEDDED);

        // Then
        try {
            assertThat(database.onEmbeddedServer()).isTrue();
            assertThat(database.endpoint()).isEqualTo(JvmEmbeddedPostgres.endpoint());
            assertThat(database.queryForString("SELECT current_database()")).isEqualTo(database.name());
        } finally {
            database.close();
        }
    }

    @Test
    void aConfiguredServerThatCannotBeUsedIsAnErrorSayingWhatToSet() {
        // When / Then: the developer named this server, so no silent fallback
        assertThatThrownBy(() -> TestDatabase.create(NOBODY_HOME, ServerChoice.CONFIGURED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1, does not answer")
                .hasMessageContaining("APIGUARD_TEST_PG_HOST");
        PostgresEndpoint refusing =
                new PostgresEndpoint(LOCAL_OR_SHARED.host(), LOCAL_OR_SHARED.port(), "no_such_role", "");
        assertThatThrownBy(() -> TestDatabase.create(refusing, ServerChoice.CONFIGURED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answers but refused user no_such_role")
                .hasMessageContaining("APIGUARD_TEST_PG_USER");
    }

    @Test
    void theEndpointIsReadFromTheEnvironmentWithLocalDefaults() {
        // When / Then
        assertThat(PostgresEndpoint.fromEnvironment(Map.of()))
                .isEqualTo(new PostgresEndpoint("127.0.0.1", 5432, "postgres", ""));
        assertThat(PostgresEndpoint.fromEnvironment(Map.of(
                        "APIGUARD_TEST_PG_HOST",
                        "db",
                        "APIGUARD_TEST_PG_PORT",
                        "6543",
                        "APIGUARD_TEST_PG_USER",
                        "ci",
                        "APIGUARD_TEST_PG_PASSWORD",
                        "secret")))
                .isEqualTo(new PostgresEndpoint("db", 6543, "ci", "secret"));
        assertThat(PostgresEndpoint.isConfigured(Map.of())).isFalse();
        assertThat(PostgresEndpoint.isConfigured(Map.of("APIGUARD_TEST_PG_HOST", " ")))
                .isFalse();
        assertThat(PostgresEndpoint.isConfigured(Map.of("APIGUARD_TEST_PG_PORT", "6543")))
                .isTrue();
    }

    @Test
    void theServerChoiceFollowsThePropertyThenTheEnvironment() {
        // When / Then
        assertThat(ServerChoice.fromEnvironment(null, Map.of())).isEqualTo(ServerChoice.CONFIGURED_OR_EMBEDDED);
        assertThat(ServerChoice.fromEnvironment("embedded", Map.of())).isEqualTo(ServerChoice.EMBEDDED);
        assertThat(ServerChoice.fromEnvironment(null, Map.of("APIGUARD_TEST_PG", "EMBEDDED")))
                .isEqualTo(ServerChoice.EMBEDDED);
        assertThat(ServerChoice.fromEnvironment("auto", Map.of("APIGUARD_TEST_PG", "embedded")))
                .as("the property wins")
                .isEqualTo(ServerChoice.CONFIGURED_OR_EMBEDDED);
        assertThat(ServerChoice.fromEnvironment(null, Map.of("APIGUARD_TEST_PG_HOST", "db")))
                .as("a named server is used or fails")
                .isEqualTo(ServerChoice.CONFIGURED);
        assertThat(ServerChoice.fromEnvironment("embedded", Map.of("APIGUARD_TEST_PG_HOST", "db")))
                .isEqualTo(ServerChoice.EMBEDDED);
        assertThatThrownBy(() -> ServerChoice.fromEnvironment("throwaway", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiguard.test.pg / APIGUARD_TEST_PG is throwaway");
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
        assertThat(config)
                .containsOnlyKeys(
                        "quarkus.datasource.reactive.url",
                        "quarkus.datasource.jdbc.url",
                        "quarkus.datasource.username",
                        "quarkus.datasource.password")
                .containsEntry(
                        "quarkus.datasource.reactive.url",
                        "postgresql://" + database.endpoint().host() + ":"
                                + database.endpoint().port() + "/" + database.name())
                .containsEntry(
                        "quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://" + database.endpoint().host() + ":"
                                + database.endpoint().port() + "/" + database.name())
                .containsEntry(
                        "quarkus.datasource.username", database.endpoint().user());
        try (Connection connection = database.connection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database(), 1")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo(database.name());
            assertThat(row.getInt(2)).isEqualTo(1);
        }
    }

    private static boolean databaseExists(PostgresEndpoint endpoint, String name) {
        return name.equals(TestDatabase.queryForString(
                endpoint, "postgres", "SELECT datname FROM pg_database WHERE datname = '" + name + "'"));
    }
}
