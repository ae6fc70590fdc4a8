package io.apiguard.testing.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Runs an {@link EmbeddedKafkaBroker} as a standalone process: {@code --port 9092 --data-dir DIR}. Prints exactly
 * one line, {@code apiguard-kafka READY <bootstrap>}, on standard output once clients can connect and every apiguard
 * topic exists as {@link io.apiguard.common.events.TopicCatalog} specifies it (logs go to
 * standard error), keeps the data directory between runs when one is given, and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class KafkaBrokerMain {

    /** The line printed on standard output once the broker is ready, followed by the bootstrap address. */
    public static final String READY_PREFIX = "apiguard-kafka READY ";

    private static final String USAGE = "usage: KafkaBrokerMain [--port N (default 9092, 0 = free)] [--data-dir DIR "
            + "(kept between runs; default: a temporary directory deleted on exit)]";

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Before anything touches java.util.logging: JUL and Kafka's slf4j/log4j2 calls then share one backend.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        logToStandardError();

        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(options.port(), options.dataDir()));
        } catch (RuntimeException e) {
            // The stack trace is for debugging; the last line is for whoever supervises this process.
            e.printStackTrace();
            System.err.println("apiguard-kafka FAILED " + rootCause(e));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                broker.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "apiguard-kafka-shutdown"));
        System.out.println(READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        // Kafka's threads would keep the JVM up anyway; main ends only after the hook has closed the broker.
        stopped.await();
    }

    /**
     * Standard output carries only the READY line a supervisor waits for, so every log record goes to standard
     * error; whatever handlers a logging configuration on the class path installed are replaced.
     */
    private static void logToStandardError() {
        Logger root = LogContext.getLogContext().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler stderr = new ConsoleHandler(
                ConsoleHandler.Target.SYSTEM_ERR, new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n"));
        root.addHandler(stderr);
        root.setLevel(org.jboss.logmanager.Level.INFO);
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return error == cause ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + cause + ")";
    }

    /** The command line. */
    record Options(int port, Path dataDir) {

        static Options parse(String[] args) {
            int port = 9092;
            Path dataDir = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = parsePort(value(args, ++i, "--port"));
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(port, dataDir);
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("--port must be 0-65535, not " + value);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be a number, not " + value);
            }
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
