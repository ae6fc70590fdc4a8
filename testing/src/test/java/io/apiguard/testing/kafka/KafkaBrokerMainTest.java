package io.apiguard.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.apiguard.common.events.TopicCatalog;
import io.apiguard.common.events.TopicSpec;

/** The standalone broker the local run can start, as a real child process. */
class KafkaBrokerMainTest {

    @BeforeAll
    static void quietClients() {
        QuietClients.apply();
    }

    @Test
    void printsOnlyTheReadyLineWhenClientsCanConnectAndStopsOnSigterm(@TempDir Path dataDir) throws Exception {
        // Given
        int port = EmbeddedKafkaBroker.freePort();
        // Kept under target/ for a failure's post-mortem.
        Path stderr = Files.createDirectories(Path.of("target")).resolve("kafka-broker-main-test.err");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KafkaBrokerMain.class.getName(),
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        dataDir.toString())
                .redirectError(stderr.toFile())
                .start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(process, stdout), "kafka-main-stdout");
        reader.start();
        try {
            // When
            await().atMost(Duration.ofSeconds(90))
                    .failFast("the broker process exited", () -> !process.isAlive())
                    .until(() -> !stdout.isEmpty());

            // Then
            assertThat(stdout).containsExactly(KafkaBrokerMain.READY_PREFIX + "127.0.0.1:" + port);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(1);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .as("every apiguard topic, declared")
                        .containsAll(
                                TopicCatalog.all().stream().map(TopicSpec::name).toList());
            }
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("stopped on SIGTERM")
                    .isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(stdout)
                    .as("logs go to stderr, stdout has the READY line only")
                    .hasSize(1);
            assertThat(EmbeddedKafkaBrokerTest.canBind(port))
                    .as("port released")
                    .isTrue();
            assertThat(dataDir.resolve("logs").resolve("meta.properties"))
                    .as("data directory kept")
                    .exists();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theCommandLineTakesAPortAndADataDirectory() {
        // When
        KafkaBrokerMain.Options options =
                KafkaBrokerMain.Options.parse(new String[] {"--port", "19092", "--data-dir", "kafka"});

        // Then
        assertThat(options).isEqualTo(new KafkaBrokerMain.Options(19092, Path.of("kafka")));
        assertThat(KafkaBrokerMain.Options.parse(new String[0])).isEqualTo(new KafkaBrokerMain.Options(9092, null));
        assertThatThrownBy(() -> KafkaBrokerMain.Options.parse(new String[] {"--port", "ninety"}))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> KafkaBrokerMain.Options.parse(new String[] {"--data-dir"}))
                .hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> KafkaBrokerMain.Options.parse(new String[] {"--verbose"}))
                .hasMessageContaining("unknown option --verbose");
    }

    private static void readLines(Process process, List<String> lines) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
