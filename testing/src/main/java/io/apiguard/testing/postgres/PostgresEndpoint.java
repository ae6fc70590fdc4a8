package io.apiguard.testing.postgres;

import java.util.List;
import java.util.Map;

/** Where a PostgreSQL server answers and whom to connect as. */
public record PostgresEndpoint(String host, int port, String user, String password) {

    /** The environment variables that name the tests' server; any one set means "this server, or fail". */
    public static final List<String> ENVIRONMENT = List.of(
            "APIGUARD_TEST_PG_HOST", "APIGUARD_TEST_PG_PORT", "APIGUARD_TEST_PG_USER", "APIGUARD_TEST_PG_PASSWORD");

    /** 127.0.0.1:5432 as {@code postgres}, each overridable by {@code APIGUARD_TEST_PG_HOST/PORT/USER/PASSWORD}. */
    public static PostgresEndpoint fromEnvironment(Map<String, String> env) {
        return new PostgresEndpoint(
                env.getOrDefault("APIGUARD_TEST_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("APIGUARD_TEST_PG_PORT", "5432")),
                env.getOrDefault("APIGUARD_TEST_PG_USER", "postgres"),
                env.getOrDefault("APIGUARD_TEST_PG_PASSWORD", ""));
    }

    /** True when any of {@link #ENVIRONMENT} is set (to something not blank). */
    public static boolean isConfigured(Map<String, String> env) {
        return ENVIRONMENT.stream().map(env::get).anyMatch(value -> value != null && !value.isBlank());
    }

    /** JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Vert.x reactive client URL of {@code database} on this server. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }
}
