package io.apiguard.devstack.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.apiguard.testing.postgres.PostgresEndpoint;

/**
 * Everything the local run is configured with, parsed from its command line.
 *
 * @param paths        the repository root and the {@code .local} directories below it
 * @param ports        the ports of the broker and of every app
 * @param postgres     the PostgreSQL server the apps keep their databases on
 * @param readyTimeout how long the apps together may take to become ready
 * @param stay         stay up after the scenario until stopped, instead of stopping everything once it is told
 */
public record StackOptions(
        LocalPaths paths, LocalPorts ports, PostgresEndpoint postgres, Duration readyTimeout, boolean stay) {

    /** Shown by {@code --help} and after every command-line error. */
    public static final String USAGE = """
            usage: run-local.sh [--rebuild] [options]
              --kafka-port N       port of the embedded Kafka broker (default 9092)
              --pg-host HOST       PostgreSQL host (default 127.0.0.1)
              --pg-port N          PostgreSQL port (default 5432)
              --pg-user USER       PostgreSQL user; trust auth, or its password in PGPASSWORD (default postgres)
              --ready-timeout S    seconds the apps may take to become ready (default 120)
              --stay               after the scenario, stay up until Ctrl-C to explore
              --root DIR           repository root (default: the current directory)
              --help               this text
              --rebuild            (run-local.sh only) build every module first, even if nothing is missing""";

    /** The defaults: DESIGN.md's ports, PostgreSQL on 127.0.0.1:5432 as {@code postgres}, 120 s to get ready. */
    public static StackOptions defaults(Path root, String pgPassword) {
        return new StackOptions(
                new LocalPaths(root),
                LocalPorts.defaults(),
                new PostgresEndpoint("127.0.0.1", 5432, "postgres", pgPassword),
                Duration.ofSeconds(120),
                false);
    }

    /**
     * Parses the command line over the defaults, the current directory being the root.
     *
     * @param env the environment: {@code PGPASSWORD} is the PostgreSQL password, as for {@code psql}
     * @throws IllegalArgumentException naming the offending option, followed by {@link #USAGE}
     */
    public static StackOptions parse(Map<String, String> env, String... args) {
        StackOptions options = defaults(Path.of(""), env.getOrDefault("PGPASSWORD", ""));
        Arguments arguments = new Arguments(List.of(args));
        while (arguments.hasNext()) {
            String option = arguments.next();
            // One case per option; a new option (--scenario NAME, ...) is one more case and one more USAGE line.
            options = switch (option) {
                case "--kafka-port" -> options.withPorts(options.ports.withKafka(arguments.port(option)));
                case "--pg-host" ->
                    options.withPostgres(new PostgresEndpoint(
                            arguments.value(option),
                            options.postgres.port(),
                            options.postgres.user(),
                            options.postgres.password()));
                case "--pg-port" ->
                    options.withPostgres(new PostgresEndpoint(
                            options.postgres.host(),
                            arguments.port(option),
                            options.postgres.user(),
                            options.postgres.password()));
                case "--pg-user" ->
                    options.withPostgres(new PostgresEndpoint(
                            options.postgres.host(),
                            options.postgres.port(),
                            arguments.value(option),
                            options.postgres.password()));
                case "--ready-timeout" ->
                    new StackOptions(
                            options.paths,
                            options.ports,
                            options.postgres,
                            Duration.ofSeconds(arguments.positive(option)),
                            options.stay);
                case "--stay" ->
                    new StackOptions(options.paths, options.ports, options.postgres, options.readyTimeout, true);
                case "--root" ->
                    new StackOptions(
                            new LocalPaths(Path.of(arguments.value(option))),
                            options.ports,
                            options.postgres,
                            options.readyTimeout,
                            options.stay);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            };
        }
        return options;
    }

    /** Whether the command line asks for the usage text rather than a run. */
    public static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    private StackOptions withPorts(LocalPorts newPorts) {
        return new StackOptions(paths, newPorts, postgres, readyTimeout, stay);
    }

    private StackOptions withPostgres(PostgresEndpoint newPostgres) {
        return new StackOptions(paths, ports, newPostgres, readyTimeout, stay);
    }

    /** The command line as a cursor, with typed values that name the option when they are missing or malformed. */
    private static final class Arguments {

        private final List<String> args;
        private int next;

        Arguments(List<String> args) {
            this.args = args;
        }

        boolean hasNext() {
            return next < args.size();
        }

        String next() {
            return args.get(next++);
        }

        String value(String option) {
            // "--pg-host --pg-port 5433" is a forgotten value, not a host called "--pg-port".
            if (!hasNext() || args.get(next).startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            return next();
        }

        int port(String option) {
            String value = value(option);
            int port = number(option, value);
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException(option + " must be a port (1-65535): " + value);
            }
            return port;
        }

        int positive(String option) {
            String value = value(option);
            int number = number(option, value);
            if (number <= 0) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return number;
        }

        private static int number(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number: " + value, e);
            }
        }
    }
}
