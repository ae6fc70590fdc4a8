package io.apiguard.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void defaultsAreThePortsOfTheDesignAndTheLocalPostgres() {
        StackOptions options = StackOptions.parse();

        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.pgHost()).isEqualTo("127.0.0.1");
        assertThat(options.pgPort()).isEqualTo(5432);
        assertThat(options.pgUser()).isEqualTo("postgres");
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.localDir()).isEqualTo(Path.of("").toAbsolutePath().resolve(".local"));
    }

    @Test
    void everyOptionIsRead() {
        StackOptions options = StackOptions.parse("--kafka-port", "19092", "--pg-host", "db", "--pg-port", "6543",
                "--pg-user", "ci", "--ready-timeout", "30", "--root", "/srv/apiguard");

        assertThat(options).isEqualTo(new StackOptions(Path.of("/srv/apiguard"), 19092, "db", 6543, "ci",
                Duration.ofSeconds(30)));
    }

    @Test
    void anUnknownOptionIsNamedWithTheUsage() {
        assertThatThrownBy(() -> StackOptions.parse("--stay-forever"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option --stay-forever")
                .hasMessageContaining("usage: run-local.sh");
    }

    @Test
    void missingAndMalformedValuesAreNamed() {
        assertThatThrownBy(() -> StackOptions.parse("--kafka-port"))
                .hasMessageStartingWith("--kafka-port needs a value");
        assertThatThrownBy(() -> StackOptions.parse("--pg-port", "five"))
                .hasMessage("--pg-port must be a number: five");
        assertThatThrownBy(() -> StackOptions.parse("--kafka-port", "70000"))
                .hasMessage("--kafka-port must be a port (1-65535): 70000");
        assertThatThrownBy(() -> StackOptions.parse("--ready-timeout", "0"))
                .hasMessage("--ready-timeout must be positive: 0");
    }

    @Test
    void theServicesGetTheirDesignPortsAndTheirOwnDatabase() {
        LocalStack stack = new LocalStack(StackOptions.parse());

        assertThat(stack.apps("127.0.0.1:9092"))
                .extracting(app -> app.name() + ":" + app.port())
                .containsExactly("discovery-service:8081", "logging-service:8082", "posture-service:8083",
                        "detection-service:8084", "enforcement-service:8085", "sidecar:8091");
        assertThat(stack.apps("127.0.0.1:9092").get(1).properties())
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/apiguard_logging")
                .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092");
    }
}
