package io.apiguard.devstack.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process of the local run, its standard output and error in one log file.
 *
 * <p>Lifecycle: {@link #start} launches it; {@link #terminate()} asks it and everything it started to stop (SIGTERM,
 * so Quarkus shuts down gracefully), {@link #killSurvivors} ends whatever is still alive after a grace period
 * (SIGKILL). {@link #stop} does both. Thread-safe: the shutdown hook may stop an app the main thread still polls.
 */
public final class AppProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} with {@code environment} added to this process's, its output going to {@code log}, which
     * is rewritten: the log of an app is the log of this run only.
     */
    public static AppProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        return new AppProcess(name, builder.start(), log);
    }

    /** Replaces the apps' JVM flags, e.g. {@code -XX:+UseParallelGC -Xmx512m} for full JIT under load (benchmarks). */
    public static final String JAVA_OPTS_ENV = "APIGUARD_LOCAL_JAVA_OPTS";

    /** C1 only and the serial collector: six JVMs on two cores start about twice as fast and stay small. */
    static final List<String> QUICK_START_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

    /** The command line of a Quarkus fast-jar app with the quick-start, small-heap flags of the local run. */
    public static List<String> javaCommand(Path jar, Map<String, String> properties) {
        return javaCommand(jar, properties, System.getenv(JAVA_OPTS_ENV));
    }

    /** The same, with {@code javaOpts} (space-separated) instead of the quick-start flags when it is set. */
    static List<String> javaCommand(Path jar, Map<String, String> properties, String javaOpts) {
        List<String> command = new ArrayList<>();
        // The JVM running the local run, not whichever java is first on PATH.
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (javaOpts == null || javaOpts.isBlank()) {
            command.addAll(QUICK_START_FLAGS);
        } else {
            command.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The last {@code lines} lines of the log, to show why an app did not come up. */
    public List<String> logTail(int lines) {
        // The log may hold a stack trace or binary noise; decode leniently rather than fail to show it.
        try (Stream<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()) {
            List<String> kept = all.toList();
            return kept.subList(Math.max(0, kept.size() - lines), kept.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    /**
     * Sends SIGTERM to the process and to every process it started, and returns them all: descendants are collected
     * before the signal, since once the process exits its orphans can no longer be found through it.
     */
    public List<ProcessHandle> terminate() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        return tree;
    }

    /** Waits for {@code processes} until {@code deadlineNanos} ({@link System#nanoTime()}), then kills the rest. */
    public static void killSurvivors(List<ProcessHandle> processes, long deadlineNanos) {
        for (ProcessHandle handle : processes) {
            if (!awaitExit(handle, deadlineNanos - System.nanoTime())) {
                handle.destroyForcibly();
                // SIGKILL cannot be refused; the wait only lets the kernel reap it before we report "stopped".
                awaitExit(handle, TimeUnit.SECONDS.toNanos(5));
            }
        }
    }

    /** Stops the process and its descendants: SIGTERM, then SIGKILL for whatever outlives {@code graceSeconds}. */
    public void stop(long graceSeconds) {
        killSurvivors(terminate(), System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds));
    }

    private static boolean awaitExit(ProcessHandle handle, long nanos) {
        try {
            handle.onExit().get(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (Exception timedOut) {
            return !handle.isAlive();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
