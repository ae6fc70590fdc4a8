package io.apiguard.devstack.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

import io.apiguard.common.events.Topics;
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

import io.apiguard.testing.kafka.EmbeddedKafkaBroker;

/** Starts the local run's Kafka broker inside this JVM, with everything it logs going to a file. */
public final class LocalKafka {

    private LocalKafka() {
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} keeping its data in {@code dataDir} (formatted on first use, reused
     * after), and returns once clients can connect.
     *
     * @param logFile where this JVM's log records go from now on: the broker's and its clients' INFO lines would
     *                otherwise bury the local run's own output
     * @throws IllegalStateException when the broker does not come up
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Path logFile) throws IOException {
        logTo(logFile);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(port, dataDir));
        createTopics(broker.bootstrapServers());
        return broker;
    }

    /** Every topic of DESIGN.md and its dead-letter topic, three partitions each. */
    static final List<String> TOPICS = List.of(Topics.INVENTORY, Topics.CALLS, Topics.CALLS_NORMALIZED,
            Topics.FINDINGS, Topics.DETECTIONS, Topics.ENFORCEMENT, Topics.NETWORK);
    static final int PARTITIONS = 3;

    /**
     * Creates the topics before any app starts. Left to auto-creation, a consumer that subscribed before the first
     * message created its topic would not see it until its next metadata refresh (five minutes by default), and the
     * scenario would be over by then. In a cluster the topics are declared too (e.g. Strimzi KafkaTopic resources).
     */
    static void createTopics(String bootstrapServers) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : TOPICS) {
            topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
            topics.add(new NewTopic(Topics.deadLetter(topic), 1, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + created.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not create the topics within 30 s", e);
        }
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

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                    .append(record.getLevel()).append(" [").append(record.getLoggerName()).append("] ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
