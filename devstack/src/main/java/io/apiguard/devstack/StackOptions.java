package io.apiguard.devstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of the local run.
 *
 * @param root          the repository root: where the apps' jars are and where {@code .local/} goes
 * @param kafkaPort     the embedded broker's port
 * @param pgHost        the PostgreSQL host
 * @param pgPort        the PostgreSQL port
 * @param pgUser        the PostgreSQL user
 * @param readyTimeout  how long the apps may take to become ready
 */
public record StackOptions(Path root, int kafkaPort, String pgHost, int pgPort, String pgUser, Duration readyTimeout) {

    static final String USAGE = """
            usage: run-local.sh [options]
              --kafka-port N       port of the embedded Kafka broker (default 9092)
              --pg-host HOST       PostgreSQL host (default 127.0.0.1)
              --pg-port N          PostgreSQL port (default 5432)
              --pg-user USER       PostgreSQL user, trust or .pgpass auth (default postgres)
              --ready-timeout S    seconds the apps may take to become ready (default 120)
              --root DIR           repository root (default: the current directory)
              --help               this text""";

    /** Parses the command line; unknown options and bad values fail with a message naming them. */
    public static StackOptions parse(String... args) {
        Path root = Path.of("").toAbsolutePath();
        int kafkaPort = 9092;
        String pgHost = "127.0.0.1";
        int pgPort = 5432;
        String pgUser = "postgres";
        Duration readyTimeout = Duration.ofSeconds(120);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--kafka-port" -> kafkaPort = port(option, value(args, ++i, option));
                case "--pg-host" -> pgHost = value(args, ++i, option);
                case "--pg-port" -> pgPort = port(option, value(args, ++i, option));
                case "--pg-user" -> pgUser = value(args, ++i, option);
                case "--ready-timeout" -> readyTimeout = Duration.ofSeconds(positive(option, value(args, ++i, option)));
                case "--root" -> root = Path.of(value(args, ++i, option)).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new StackOptions(root, kafkaPort, pgHost, pgPort, pgUser, readyTimeout);
    }

    /** Where the local run keeps broker data and app logs. */
    public Path localDir() {
        return root.resolve(".local");
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }

    private static int port(String option, String value) {
        int port = positive(option, value);
        if (port > 65_535) {
            throw new IllegalArgumentException(option + " must be a port (1-65535): " + value);
        }
        return port;
    }

    private static int positive(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number <= 0) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number: " + value, e);
        }
    }
}
