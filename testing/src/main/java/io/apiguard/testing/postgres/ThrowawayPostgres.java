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
 * user (or {@code nobody}) through {@code runuser}, on a data directory handed to that user.
 *
 * <p>Lifecycle: {@link #start} returns once the server accepts connections; {@link #close()} stops it
 * ({@code pg_ctl stop -m fast}) and deletes its directory. Not thread-safe; {@link TestDatabase} serialises calls.
 */
final class ThrowawayPostgres implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path binDir;
    private final Path dir;
    private final List<String> runAs;
    private final PostgresEndpoint endpoint;

    private ThrowawayPostgres(Path binDir, Path dir, List<String> runAs, PostgresEndpoint endpoint) {
        this.binDir = binDir;
        this.dir = dir;
        this.runAs = runAs;
        this.endpoint = endpoint;
    }

    /**
     * Initialises and starts a server in a new {@code pg-<random>} directory under {@code parentDir} (or under the
     * system temporary directory when the unprivileged user cannot reach {@code parentDir}); returns once it accepts
     * connections as {@code postgres} without a password on {@code 127.0.0.1:port}.
     */
    static ThrowawayPostgres start(Path binDir, Path parentDir, int port) {
        Path dir = null;
        ThrowawayPostgres server = null;
        try {
            String user = isRoot() ? unprivilegedUser() : null;
            dir = createDirectoryFor(user, parentDir);
            List<String> runAs = user == null ? List.of() : List.of("runuser", "-u", user, "--");
            server = new ThrowawayPostgres(binDir, dir, runAs, new PostgresEndpoint("127.0.0.1", port, "postgres", ""));
            server.run(List.of(binDir.resolve("initdb").toString(), "-D", server.dataDir().toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
            // TCP only: a Unix socket path under a deep build directory can exceed the 107-byte limit. Durability
            // settings are off because the data dies with the test JVM anyway.
            server.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", server.dataDir().toString(),
                    "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"));
            return server;
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("could not prepare a throwaway PostgreSQL under " + parentDir, e);
        } catch (RuntimeException e) {
            if (server != null && Files.exists(server.dataDir().resolve("postmaster.pid"))) {
                // pg_ctl may give up waiting while the postmaster goes on starting; it must not outlive us.
                try {
                    server.close();
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            deleteQuietly(dir);
            throw e;
        }
    }

    PostgresEndpoint endpoint() {
        return endpoint;
    }

    /** The directory holding the cluster, its log and nothing else of ours. */
    Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast", "-w", "stop"));
        } finally {
            deleteRecursively(dir);
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    /**
     * A fresh {@code pg-<random>} directory the server's user can write: under {@code parentDir} when that user can
     * reach it (a root-only home directory on the way would block {@code postgres}), else under the system
     * temporary directory, which everybody can traverse.
     */
    private static Path createDirectoryFor(String user, Path parentDir) throws IOException {
        Files.createDirectories(parentDir);
        Path dir = Files.createTempDirectory(parentDir.toAbsolutePath(), "pg-");
        if (user == null) {
            return dir;
        }
        command(List.of("chown", "-R", user, dir.toString()));
        if (canWrite(user, dir)) {
            return dir;
        }
        deleteRecursively(dir);
        Path fallback = Files.createTempDirectory("apiguard-pg-");
        command(List.of("chown", "-R", user, fallback.toString()));
        if (!canWrite(user, fallback)) {
            deleteRecursively(fallback);
            throw new IllegalStateException("user " + user + " cannot write " + parentDir + " nor "
                    + fallback.getParent() + "; a throwaway PostgreSQL cannot run as root");
        }
        return fallback;
    }

    private static boolean canWrite(String user, Path dir) {
        try {
            command(List.of("runuser", "-u", user, "--", "test", "-w", dir.toString(), "-a", "-x", dir.toString()));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        command(full);
    }

    /** Runs a command to completion; its output only matters, and is only kept, when it fails. */
    private static void command(List<String> command) {
        Path log = null;
        try {
            log = Files.createTempFile("apiguard-pg-cmd-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + COMMAND_TIMEOUT_SECONDS + " s: "
                        + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", command)
                        + "\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String unprivilegedUser() throws IOException {
        return userExists("postgres") ? "postgres" : "nobody";
    }

    private static boolean userExists(String user) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.anyMatch(line -> line.startsWith(user + ":"));
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            // Best effort on a path that already failed; the original error matters more.
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
