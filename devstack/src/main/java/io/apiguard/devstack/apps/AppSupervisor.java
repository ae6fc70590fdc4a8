package io.apiguard.devstack.apps;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the apps of the local run and stops them all at once.
 *
 * <p>Thread-safe: Ctrl-C runs {@link #stopAll} on the shutdown hook's thread while the main thread may still be
 * starting apps; once stopping has begun, {@link #start} refuses, so no app is started after the others were stopped.
 */
public final class AppSupervisor {

    private final List<AppProcess> running = new ArrayList<>();
    private boolean stopping;

    /**
     * Starts an app.
     *
     * @throws IllegalStateException when {@link #stopAll} has begun
     */
    public synchronized AppProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        if (stopping) {
            throw new IllegalStateException("not starting " + name + ": the local run is stopping");
        }
        AppProcess app = AppProcess.start(name, command, environment, log);
        running.add(app);
        return app;
    }

    /** The apps started so far, in start order. */
    public synchronized List<AppProcess> running() {
        return List.copyOf(running);
    }

    /** Whether {@link #stopAll} has begun. */
    public synchronized boolean isStopping() {
        return stopping;
    }

    /**
     * Stops every app and everything they started: SIGTERM to all at once, so they shut down side by side, then
     * SIGKILL to whatever is still alive after {@code grace}. Safe to call more than once.
     *
     * @return the apps it stopped (none on later calls)
     */
    public List<AppProcess> stopAll(Duration grace) {
        List<AppProcess> toStop;
        synchronized (this) {
            stopping = true;
            toStop = List.copyOf(running);
            running.clear();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> processes = new ArrayList<>();
        toStop.forEach(app -> processes.addAll(app.terminate()));
        AppProcess.killSurvivors(processes, deadline);
        return toStop;
    }
}
