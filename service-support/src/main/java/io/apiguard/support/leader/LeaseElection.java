package io.apiguard.support.leader;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

/**
 * One replica's candidacy for a Kubernetes Lease, through Fabric8's {@code LeaderElector}. Fabric8's elector returns
 * once it lost the lease (or could not renew it within the renew deadline); this class then competes again, with a
 * fresh elector, until {@link #stop()}.
 *
 * <p>Threading: the elector runs on a thread of its own, never an event loop; {@link Listener} methods are called on
 * that thread, so they must return quickly (hand longer work to another thread). {@link #isLeader()} may be read from
 * any thread and turns false before {@link Listener#stoppedLeading()} is called.
 */
public final class LeaseElection {

    private static final Logger LOGGER = Logger.getLogger(LeaseElection.class);

    /** What one replica's election needs. */
    public record Settings(
            String namespace,
            String leaseName,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod,
            boolean releaseOnStop) {

        public Settings {
            requireText(namespace, "namespace");
            requireText(leaseName, "lease name");
            requireText(identity, "identity");
            Objects.requireNonNull(leaseDuration, "lease duration");
            Objects.requireNonNull(renewDeadline, "renew deadline");
            Objects.requireNonNull(retryPeriod, "retry period");
            if (retryPeriod.isNegative() || retryPeriod.isZero()) {
                throw new IllegalArgumentException("the retry period must be positive, not " + retryPeriod);
            }
            // Without these, a leader that cannot renew would still act after another replica took the lease over.
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("the renew deadline (" + renewDeadline
                        + ") must be shorter than the lease duration (" + leaseDuration + ")");
            }
            if (retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("the retry period (" + retryPeriod
                        + ") must be shorter than the renew deadline (" + renewDeadline + ")");
            }
        }

        /** {@code namespace/name} of the lease. */
        public String lease() {
            return namespace + "/" + leaseName;
        }

        private static void requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the leader election needs a " + what);
            }
        }
    }

    /** Told about changes of leadership, on the election's thread. */
    public interface Listener {

        /** This replica now holds the lease. */
        void startedLeading();

        /** This replica no longer holds the lease (lost, not renewed in time, or stopped). */
        void stoppedLeading();

        /** The lease's holder changed to {@code identity} (null when released). */
        default void newLeader(String identity) {}
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final Listener listener;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile String holder;
    private volatile boolean running;
    private CompletableFuture<?> round;

    public LeaseElection(KubernetesClient client, Settings settings, Listener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = settings;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "apiguard-leader-" + settings.leaseName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts competing for the lease; returns at once. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        LOGGER.infof("Competing for lease %s as %s", settings.lease(), settings.identity());
        compete();
    }

    /** Whether this replica holds the lease now. */
    public boolean isLeader() {
        return leader.get();
    }

    /** The holder of the lease as last seen, null when unknown or released. */
    public String holder() {
        return holder;
    }

    /** The settings this election runs with. */
    public Settings settings() {
        return settings;
    }

    /**
     * Stops competing: a leader stops leading at once, and releases the lease when {@link Settings#releaseOnStop()}
     * (else the lease runs out, as for a killed pod). Idempotent.
     */
    public void stop() {
        CompletableFuture<?> current;
        synchronized (this) {
            running = false;
            current = round;
            round = null;
        }
        if (current != null) {
            current.cancel(true);
        }
        // Fabric8 releases and calls back on the election thread; let it, then end that thread.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        stopped();
    }

    private synchronized void compete() {
        if (!running) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(settings.releaseOnStop())
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::observed))
                .build();
        CompletableFuture<?> started =
                client.leaderElector().withConfig(config).build().start();
        round = started;
        // Fabric8's elector is done once it lost the lease: compete again with a new one (an elector does not restart),
        // after a retry period, so an elector that keeps failing at once does not spin.
        started.whenComplete((ignored, failure) -> {
            stopped();
            if (failure != null && !started.isCancelled()) {
                LOGGER.warnf(
                        "Leader election for %s ended: %s; competing again", settings.lease(), failure.getMessage());
            }
            synchronized (this) {
                if (running && round == started) {
                    executor.schedule(this::compete, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    private void started() {
        if (leader.compareAndSet(false, true)) {
            LOGGER.infof("%s leads %s", settings.identity(), settings.lease());
            listener.startedLeading();
        }
    }

    private void stopped() {
        if (leader.compareAndSet(true, false)) {
            LOGGER.infof("%s no longer leads %s", settings.identity(), settings.lease());
            listener.stoppedLeading();
        }
    }

    private void observed(String identity) {
        holder = identity;
        listener.newLeader(identity);
    }
}
