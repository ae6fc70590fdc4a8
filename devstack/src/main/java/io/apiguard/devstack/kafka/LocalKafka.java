package io.apiguard.devstack.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import io.apiguard.common.events.TopicCatalog;
import io.apiguard.testing.kafka.EmbeddedKafkaBroker;

/** Starts the local run's Kafka broker inside this JVM, with everything it logs going to a file. */
public final class LocalKafka {

    private LocalKafka() {}

    /**
     * Starts a broker on {@code 127.0.0.1:port} keeping its data in {@code dataDir} (formatted on first use, reused
     * after), and returns once clients can connect and every apiguard topic exists as {@link TopicCatalog} specifies
     * it. The topics are declared before any app starts: left to auto-creation, a consumer that subscribed before the
     * first message created its topic would not see it until its next metadata refresh (five minutes by default), and
     * the scenario would be over by then; and the inventory must be compacted, or after its retention a restarted
     * logging-service would no longer know the APIs that have not changed. A data directory kept from before the
     * inventory was compacted has its topics brought to their spec.
     *
     * @param logFile where this JVM's log records go from now on: the broker's and its clients' INFO lines would
     *                otherwise bury the local run's own output
     * @throws IllegalStateException when the broker does not come up
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Path logFile) throws IOException {
        logTo(logFile);
        return EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(port, dataDir));
    }

    /** Replaces every handler of the root logger by one writing to {@code logFile}. */
    static void logTo(Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        OutputStream out = Files.newOutputStream(logFile);
        Handler file = new StreamHandler(out, new LineFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                // Flushed per record: the file is read while the run is up, and a crash must not eat the last lines.
                flush();
            }
        };
        file.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(file);
    }

    /** {@code 2026-01-31 12:00:00.123 WARNING [logger] message}, then the stack trace if any. */
    private static final class LineFormatter extends Formatter {

        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(' ')
                    .append(record.getLevel())
                    .append(" [")
                    .append(record.getLoggerName())
                    .append("] ")
                    .append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
