package io.apiguard.devstack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.testing.postgres.PostgresEndpoint;

class StackOptionsTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void defaultsAreThePortsOfTheDesignAndTheLocalPostgres() {
        // When
        StackOptions options = StackOptions.parse(NO_ENV);

        // Then
        assertThat(options.ports())
                .isEqualTo(new LocalPorts(8081, 8082, 8083, 8084, 8085, 8090, 8091, 8095, 9092, 8089));
        assertThat(options.postgres()).isEqualTo(new PostgresEndpoint("127.0.0.1", 5432, "postgres", ""));
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.stay()).isFalse();
        assertThat(options.paths().localDir())
                .isEqualTo(Path.of("").toAbsolutePath().resolve(".local"));
    }

    @Test
    void everyOptionIsRead() {
        // Given
        Map<String, String> env = Map.of("PGPASSWORD", "secret");

        // When
        StackOptions options = StackOptions.parse(
                env,
                "--kafka-port",
                "19092",
                "--pg-host",
                "db",
                "--pg-port",
                "6543",
                "--pg-user",
                "ci",
                "--ready-timeout",
                "30",
                "--stay",
                "--root",
                "/srv/apiguard");

        // Then
        assertThat(options)
                .isEqualTo(new StackOptions(
                        new LocalPaths(Path.of("/srv/apiguard")),
                        LocalPorts.defaults().withKafka(19092),
                        new PostgresEndpoint("db", 6543, "ci", "secret"),
                        Duration.ofSeconds(30),
                        true));
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        // When
        StackOptions options = StackOptions.parse(NO_ENV, "--kafka-port", "19092", "--kafka-port", "29092");

        // Then
        assertThat(options.ports().kafka()).isEqualTo(29092);
    }

    @Test
    void anUnknownOptionIsNamedWithTheUsage() {
        // When / Then
        assertThatThrownBy(() -> StackOptions.parse(NO_ENV, "--stay-forever"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option --stay-forever")
                .hasMessageContaining("usage: run-local.sh")
                .hasMessageContaining("--ready-timeout S");
    }

    @Test
    void missingAndMalformedValuesAreNamed() {
        // When / Then
        assertThatThrownBy(() -> StackOptions.parse(NO_ENV, "--kafka-port"))
                .hasMessageStartingWith("--kafka-port needs a value");
        assertThatThrownBy(() -> StackOptions.parse(NO_ENV, "--pg-host", "--pg-port", "5433"))
                .hasMessageStartingWith("--pg-host needs a value");
        assertThatThrownBy(() -> StackOptions.parse(NO_ENV, "--pg-port", "five"))
                .hasMessage("--pg-port must be a number: five");
        assertThatThrownBy(() -> StackOptions.parse(NO_ENV, "--kafka-port", "70000"))
                .hasMessage("--kafka-port must be a port (1-65535): 70000");
        assertThatThrownBy(() -> StackOptions.parse(NO_ENV, "--ready-timeout", "0"))
                .hasMessage("--ready-timeout must be positive: 0");
    }

    @Test
    void helpIsRecognisedAnywhereOnTheLine() {
        // When / Then
        assertThat(StackOptions.wantsHelp("--kafka-port", "1", "--help")).isTrue();
        assertThat(StackOptions.wantsHelp("-h")).isTrue();
        assertThat(StackOptions.wantsHelp("--stay")).isFalse();
    }

    @Test
    void everythingTheRunWritesIsBelowDotLocal() {
        // Given
        LocalPaths paths = new LocalPaths(Path.of("/srv/apiguard/x/.."));

        // When / Then
        assertThat(paths.kafkaData()).isEqualTo(Path.of("/srv/apiguard/.local/kafka"));
        assertThat(paths.log("sidecar")).isEqualTo(Path.of("/srv/apiguard/.local/logs/sidecar.log"));
        assertThat(paths.quarkusRunJar("sidecar"))
                .isEqualTo(Path.of("/srv/apiguard/sidecar/target/quarkus-app/quarkus-run.jar"));
    }
}
