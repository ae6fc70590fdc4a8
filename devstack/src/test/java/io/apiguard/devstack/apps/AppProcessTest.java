package io.apiguard.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppProcessTest {

    @Test
    void stopEndsTheProcessAndEverythingItStarted(@TempDir Path dir) throws Exception {
        // Given: a child that starts a grandchild and waits for it
        AppProcess app = AppProcess.start(
                "tree",
                List.of("bash", "-c", "sleep 300 & echo started; wait"),
                Map.of(),
                dir.resolve("logs/tree.log"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.handle().descendants().findAny().isPresent());
        List<ProcessHandle> tree = app.handle().descendants().toList();

        // When
        app.stop(5);

        // Then
        assertThat(app.isAlive()).isFalse();
        assertThat(tree).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(app.logTail(5)).containsExactly("started");
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriod(@TempDir Path dir) throws Exception {
        // Given
        AppProcess app = AppProcess.start(
                "stubborn",
                List.of("bash", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"),
                Map.of(),
                dir.resolve("stubborn.log"));
        await().atMost(Duration.ofSeconds(10)).until(() -> app.logTail(1).contains("ready"));

        // When
        app.stop(1);

        // Then
        assertThat(app.isAlive()).isFalse();
    }

    @Test
    void theChildGetsTheGivenEnvironmentAndAFreshLog(@TempDir Path dir) throws Exception {
        // Given: a log left by an earlier run
        Path log = dir.resolve("env.log");
        java.nio.file.Files.writeString(log, "earlier run\n");

        // When
        AppProcess app =
                AppProcess.start("env", List.of("bash", "-c", "echo \"$GREETING\""), Map.of("GREETING", "hello"), log);
        app.handle().onExit().get();

        // Then
        assertThat(app.logTail(10)).containsExactly("hello");
    }

    @Test
    void theJavaCommandRunsTheJarWithItsProperties() {
        // When
        List<String> command =
                AppProcess.javaCommand(Path.of("/x/quarkus-run.jar"), Map.of("quarkus.http.port", "8081"), null);

        // Then
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command)
                .contains("-Dquarkus.http.port=8081", "-XX:+UseSerialGC", "-Xmx256m")
                .endsWith("-jar", "/x/quarkus-run.jar");
    }

    @Test
    void javaOptionsFromTheEnvironmentReplaceTheQuickStartFlags() {
        // When: a benchmark wants the full JIT
        List<String> command = AppProcess.javaCommand(
                Path.of("/x/quarkus-run.jar"), Map.of("quarkus.http.port", "8081"), " -XX:+UseParallelGC   -Xmx512m ");

        // Then
        assertThat(command)
                .contains("-XX:+UseParallelGC", "-Xmx512m", "-Dquarkus.http.port=8081")
                .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");
    }
}
