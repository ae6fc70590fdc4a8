package io.apiguard.testing.postgres;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test application's default datasource at this JVM's fresh {@link TestDatabase}: add
 * {@code @WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)} to a test class. It returns
 * {@code quarkus.datasource.reactive.url}, {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}
 * and {@code quarkus.datasource.password}; the app sets {@code db-kind} itself. The database outlives application
 * restarts and is dropped when the JVM ends.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return database().quarkusConfig();
    }

    @Override
    public void stop() {
        // Shared by every test application of this JVM; its shutdown hook drops it.
    }

    /** The database the tests of this JVM use, for SQL checks outside the application; created if needed. */
    public static TestDatabase database() {
        return TestDatabase.shared();
    }
}
