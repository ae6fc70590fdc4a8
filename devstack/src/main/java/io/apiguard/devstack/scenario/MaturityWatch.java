package io.apiguard.devstack.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Asks posture-service for the maturity level every {@code interval} with the viewer's token, on its own daemon
 * thread, and prints each change (through {@link MaturityClimb}) with the time since the local run was launched. The
 * scenario waits on it for a level. Thread-safe; {@link #close()} stops the polling.
 */
final class MaturityWatch implements AutoCloseable {

    static final String PATH = "/api/v1/maturity";

    private final ServiceCalls calls;
    private final int posturePort;
    private final String viewerToken;
    private final Instant launched;
    private final PrintStream out;
    private final MaturityClimb climb = new MaturityClimb();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "apiguard-maturity-watch");
        thread.setDaemon(true);
        return thread;
    });
    private JsonNode latest;
    private String unavailable;
    private volatile boolean closed;

    MaturityWatch(ServiceCalls calls, int posturePort, String viewerToken, Instant launched, PrintStream out) {
        this.calls = calls;
        this.posturePort = posturePort;
        this.viewerToken = viewerToken;
        this.launched = launched;
        this.out = out;
    }

    /** Starts polling at once, then every {@code interval}. */
    MaturityWatch start(Duration interval) {
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void poll() {
        ServiceCalls.Answer answer = calls.get(posturePort, PATH, viewerToken);
        Duration since = Duration.between(launched, Instant.now());
        synchronized (this) {
            if (closed) {
                // the scenario is over: a poll cut short by close() is no news
                return;
            }
            if (!answer.ok()) {
                if (!answer.failure().equals(unavailable)) {
                    unavailable = answer.failure();
                    out.println(MaturityClimb.PREFIX + "posture-service does not answer " + PATH + ": " + unavailable);
                }
                return;
            }
            unavailable = null;
            List<String> lines = climb.observe(answer.body(), since);
            if (!lines.isEmpty()) {
                // one println: the scenario prints from another thread
                out.println(String.join(System.lineSeparator(), lines));
            }
            latest = answer.body();
            notifyAll();
        }
    }

    /**
     * Waits until the level is at least {@code level}.
     *
     * @return whether it is, once the wait is over
     */
    synchronized boolean awaitLevel(int level, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (climb.level() < level) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The last report read, null before the first. */
    synchronized JsonNode latest() {
        return latest;
    }

    /** Since launch when {@code level} was first reached, null when it never was. */
    synchronized Duration reachedAt(int level) {
        return climb.reachedAt(level);
    }

    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
