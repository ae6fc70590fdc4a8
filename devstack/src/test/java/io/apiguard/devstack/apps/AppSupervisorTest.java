package io.apiguard.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSupervisorTest {

    private static final List<String> TREE = List.of("bash", "-c", "sleep 300 & sleep 300 & wait");

    private final AppSupervisor supervisor = new AppSupervisor();

    @Test
    void stopAllLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        // Given: two apps, each with two children of its own
        AppProcess first = supervisor.start("first", TREE, Map.of(), dir.resolve("first.log"));
        AppProcess second = supervisor.start("second", TREE, Map.of(), dir.resolve("second.log"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> first.handle().descendants().count() == 2
                        && second.handle().descendants().count() == 2);
        List<ProcessHandle> everything = new ArrayList<>();
        for (AppProcess app : List.of(first, second)) {
            everything.add(app.handle());
            everything.addAll(app.handle().descendants().toList());
        }

        // When
        List<AppProcess> stopped = supervisor.stopAll(Duration.ofSeconds(5));

        // Then
        assertThat(stopped).containsExactly(first, second);
        assertThat(everything).hasSize(6).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants()).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void nothingStartsOnceStoppingHasBegun(@TempDir Path dir) {
        // Given
        supervisor.stopAll(Duration.ofSeconds(1));

        // When / Then
        assertThatThrownBy(() -> supervisor.start("late", TREE, Map.of(), dir.resolve("late.log")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("not starting late: the local run is stopping");
        assertThat(supervisor.running()).isEmpty();
    }

    @Test
    void stoppingTwiceStopsOnce(@TempDir Path dir) throws Exception {
        // Given
        supervisor.start("once", TREE, Map.of(), dir.resolve("once.log"));

        // When
        List<AppProcess> first = supervisor.stopAll(Duration.ofSeconds(5));
        List<AppProcess> second = supervisor.stopAll(Duration.ofSeconds(5));

        // Then
        assertThat(first).hasSize(1);
        assertThat(second).isEmpty();
    }
}
