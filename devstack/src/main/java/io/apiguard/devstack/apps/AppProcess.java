package io.apiguard.devstack.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process of the local run, with its output in a log file. {@link #stop} ends it and every process it
 * started, gently first: SIGTERM lets Quarkus shut down gracefully, SIGKILL follows after a grace period.
 */
public final class AppProcess {

    private static final long KILL_WAIT_SECONDS = 5;

    private final String name;
    private final Process process;
    private final Path log;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with its standard output and error appended to {@code log}. */
    public static AppProcess start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new AppProcess(name, process, log);
    }

    /** The {@code java -jar} command line of an app, small-heap and quick-start flags included. */
    public static List<String> javaCommand(Path jar, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
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
        try (Stream<String> all = Files.lines(log)) {
            List<String> kept = all.toList();
            return kept.subList(Math.max(0, kept.size() - lines), kept.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    /** Ends the process and its descendants: SIGTERM, then SIGKILL for whatever outlives {@code graceSeconds}. */
    public void stop(long graceSeconds) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        for (ProcessHandle handle : tree) {
            if (!awaitExit(handle, deadline - System.nanoTime())) {
                handle.destroyForcibly();
                awaitExit(handle, TimeUnit.SECONDS.toNanos(KILL_WAIT_SECONDS));
            }
        }
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
}
