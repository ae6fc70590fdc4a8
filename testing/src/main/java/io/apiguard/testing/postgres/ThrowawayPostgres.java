package io.apiguard.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own, started from installed binaries in a fresh data directory on a free port, for
 * machines where no server answers. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres}
 * user (or {@code nobody}) through {@code runuser}.
 */
final class ThrowawayPostgres implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path binDir;
    private final Path dataDir;
    private final List<String> runAs;
    private final PostgresEndpoint endpoint;

    private ThrowawayPostgres(Path binDir, Path dataDir, List<String> runAs, PostgresEndpoint endpoint) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.runAs = runAs;
        this.endpoint = endpoint;
    }

    /** Initialises and starts a server under {@code parentDir}; returns once it accepts connections. */
    static ThrowawayPostgres start(Path binDir, Path parentDir, int port) {
        try {
            Files.createDirectories(parentDir);
            Path dataDir = Files.createTempDirectory(parentDir.toAbsolutePath(), "pg-");
            List<String> runAs = runAsPrefix(dataDir);
            ThrowawayPostgres server = new ThrowawayPostgres(binDir, dataDir, runAs,
                    new PostgresEndpoint("127.0.0.1", port, "postgres", ""));
            server.run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"));
            server.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(),
                    "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "60", "start", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dataDir
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a throwaway PostgreSQL under " + parentDir, e);
        }
    }

    PostgresEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "fast",
                    "-w", "stop"));
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        try {
            Path log = Files.createTempFile("apiguard-pg-cmd-", ".log");
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", full) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + full, e);
        }
    }

    /** As root: hand the data directory to an unprivileged user and run every command as that user. */
    private static List<String> runAsPrefix(Path dataDir) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        String user = userExists("postgres") ? "postgres" : "nobody";
        Process chown = new ProcessBuilder("chown", "-R", user, dataDir.toString()).inheritIO().start();
        try {
            if (!chown.waitFor(30, TimeUnit.SECONDS) || chown.exitValue() != 0) {
                throw new IllegalStateException("could not chown " + dataDir + " to " + user);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return List.of("runuser", "-u", user, "--");
    }

    private static boolean userExists(String user) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.anyMatch(line -> line.startsWith(user + ":"));
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
