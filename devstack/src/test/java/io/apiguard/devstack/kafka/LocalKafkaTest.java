package io.apiguard.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    private final Logger root = Logger.getLogger("");
    private List<Handler> original;

    @BeforeEach
    void rememberHandlers() {
        original = List.of(root.getHandlers());
    }

    @AfterEach
    void restoreHandlers() {
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
            handler.close();
        }
        original.forEach(root::addHandler);
    }

    @Test
    void logRecordsGoToTheFileInsteadOfTheConsole(@TempDir Path dir) throws Exception {
        // Given
        Path log = dir.resolve("logs/kafka.log");

        // When
        LocalKafka.logTo(log);
        Logger.getLogger("kafka.server.BrokerServer").warning("broker says {0}");

        // Then
        assertThat(root.getHandlers()).hasSize(1);
        assertThat(Files.readString(log)).contains("WARNING [kafka.server.BrokerServer] broker says {0}");
    }
}
