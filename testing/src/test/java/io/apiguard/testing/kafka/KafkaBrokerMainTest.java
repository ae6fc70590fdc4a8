package io.apiguard.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone broker the local run starts, as a real child process. */
class KafkaBrokerMainTest {

    @Test
    void printsReadyWhenClientsCanConnectAndStopsOnSigterm(@TempDir Path dataDir) throws Exception {
        // Given
        int port = EmbeddedKafkaBroker.freePort();
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(), "--port", String.valueOf(port), "--data-dir", dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // When
            String readyLine = CompletableFuture.supplyAsync(() -> firstLineStartingWith(process, KafkaBrokerMain.READY_PREFIX))
                    .get(90, TimeUnit.SECONDS);

            // Then
            assertThat(readyLine).isEqualTo(KafkaBrokerMain.READY_PREFIX + "127.0.0.1:" + port);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            assertThat(dataDir.resolve("logs").resolve("meta.properties")).exists();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String firstLineStartingWith(Process process, String prefix) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
