package io.apiguard.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The one embedded PostgreSQL server of this test JVM, for the databases of every test that finds no server at the
 * configured endpoint: started on first use under {@code target/embedded-postgres/jvm-<pid>} on a free port, stopped
 * and deleted by a shutdown hook. Starting it also removes what test JVMs that died without their hook (killed)
 * left there, their orphaned server included.
 *
 * <p>One per JVM, not per class loader: Quarkus loads the test kit anew for each application it starts (each test
 * profile), so the first loader to start the server publishes its port in a system property and the others connect
 * to it; they coordinate on an interned string, the one monitor every loader shares.
 */
final class JvmEmbeddedPostgres {

    /** Holds the port of the running server; outside the {@code apiguard.} namespace the apps' config mappings own. */
    static final String PORT_PROPERTY = "io.apiguard.testing.embedded-postgres.port";

    private static final Logger LOGGER = Logger.getLogger(JvmEmbeddedPostgres.class.getName());
    private static final String PREFIX = "jvm-";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(10);
    /** A string literal is interned: the same object in every class loader of this JVM. */
    private static final String JVM_WIDE_LOCK = "io.apiguard.testing.postgres.JvmEmbeddedPostgres";

    private JvmEmbeddedPostgres() {}

    /** Where the server listens, as {@code postgres} without a password; started if it is not yet. */
    static PostgresEndpoint endpoint() {
        synchronized (JVM_WIDE_LOCK) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null) {
                port = String.valueOf(start().port());
                System.setProperty(PORT_PROPERTY, port);
            }
            return new PostgresEndpoint("127.0.0.1", Integer.parseInt(port), "postgres", "");
        }
    }

    private static EmbeddedPostgresServer start() {
        Path parent = Path.of("target", "embedded-postgres").toAbsolutePath();
        removeOrphans(parent);
        Path directory = parent.resolve(PREFIX + ProcessHandle.current().pid());
        deleteRecursively(directory);
        long began = System.nanoTime();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startForTests(directory, 0);
        LOGGER.log(
                Level.INFO,
                "Embedded PostgreSQL for this test JVM on 127.0.0.1:{0}, started in {1} ms ({2})",
                new Object[] {
                    String.valueOf(server.port()),
                    String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)),
                    directory
                });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            deleteRecursively(directory);
                        },
                        "apiguard-embedded-postgres-stop"));
        return server;
    }

    /** Deletes the {@code jvm-<pid>} directories of JVMs no longer alive, after stopping a server still running. */
    private static void removeOrphans(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> children = Files.list(parent)) {
            dirs = children.filter(dir -> dir.getFileName().toString().startsWith(PREFIX))
                    .toList();
        } catch (IOException e) {
            return;
        }
        for (Path dir : dirs) {
            Optional<Long> owner = pidOf(dir.getFileName().toString().substring(PREFIX.length()));
            if (owner.isEmpty()
                    || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            try {
                stopOrphanedServer(dir.resolve("data").resolve("postmaster.pid"));
                deleteRecursively(dir);
            } catch (RuntimeException e) {
                // Not ours to fail on: a leftover only costs disk space.
                LOGGER.log(Level.WARNING, "could not remove the leftover " + dir, e);
            }
        }
    }

    /** SIGTERM to the postmaster named in {@code postmaster.pid}, if it still runs: with no clients, it stops. */
    private static void stopOrphanedServer(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster;
        try (Stream<String> lines = Files.lines(pidFile)) {
            postmaster = lines.findFirst()
                    .flatMap(JvmEmbeddedPostgres::pidOf)
                    .flatMap(ProcessHandle::of)
                    .filter(process -> process.info()
                            .command()
                            .map(command -> command.endsWith("/postgres"))
                            .orElse(false));
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        postmaster.ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
            }
        });
    }

    private static Optional<Long> pidOf(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOGGER.log(Level.WARNING, "could not delete " + dir, e);
        }
    }
}
