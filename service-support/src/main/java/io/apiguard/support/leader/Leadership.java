package io.apiguard.support.leader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Whether this replica is the app's leader: the one that does the work that must happen once. With
 * {@code apiguard.leader.enabled=false} (the default) it always is; with election on, replicas compete for a Lease
 * named after the app and this bean follows the outcome: {@link #isLeader()}, a {@link LeadershipChange} CDI event on
 * every change (with election off, one at start), the {@code apiguard.leader} gauge and the {@code leadership} status
 * entry.
 *
 * <p>Lifecycle: the election starts after every other startup observer ran (the app is ready to lead when it first
 * can) and stops at shutdown, releasing the lease (configurable) so another replica takes over at once.
 * {@link #isLeader()} is safe from any thread, event loops included; gated work reads it where it acts.
 */
@ApplicationScoped
public class Leadership {

    /** After the app's own startup observers: leader work may need state they load. */
    public static final int START_PRIORITY = Interceptor.Priority.LIBRARY_AFTER + 1000;

    private static final Logger LOGGER = Logger.getLogger(Leadership.class);

    private final LeaderConfig config;
    private final Event<LeadershipChange> changes;
    private final String identity;
    private final String leaseName;
    private final Clock clock = Clock.systemUTC();
    private volatile LeaseElection election;
    private volatile String namespace;
    private volatile Instant since;
    private ExecutorService notifier;

    Leadership(
            LeaderConfig config,
            Event<LeadershipChange> changes,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.config = config;
        this.changes = changes;
        this.identity = config.identity().filter(value -> !value.isBlank()).orElseGet(Leadership::podName);
        this.leaseName = config.leaseName().filter(value -> !value.isBlank()).orElse(application);
        this.since = Instant.now(clock);
        Gauge.builder("apiguard.leader", this, leadership -> leadership.isLeader() ? 1 : 0)
                .description("1 while this replica is the app's leader (always, when leader election is off)")
                .tag("lease", leaseName)
                .register(registry);
    }

    void start(@Observes @Priority(START_PRIORITY) StartupEvent event) {
        notifier = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "apiguard-leadership-events");
            thread.setDaemon(true);
            return thread;
        });
        if (!config.enabled()) {
            // A replica that always leads takes the lead at its start: what a new leader does (discovery announces
            // its whole inventory, enforcement pushes the sidecars behind) also heals what a restart left behind,
            // such as a broker that lost the inventory while the database kept it.
            LOGGER.debugf("Leader election off: %s always leads", identity);
            changed(true);
            return;
        }
        LeaseElection started = LeaseElections.inCluster(config, leaseName, identity, new LeaseElection.Listener() {
            @Override
            public void startedLeading() {
                changed(true);
            }

            @Override
            public void stoppedLeading() {
                changed(false);
            }
        });
        namespace = started.settings().namespace();
        election = started;
        started.start();
    }

    void stop(@Observes ShutdownEvent event) {
        LeaseElection running = election;
        if (running != null) {
            running.stop();
        }
        if (notifier != null) {
            notifier.shutdown();
            try {
                notifier.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True while this replica leads; always true when the election is off. */
    public boolean isLeader() {
        LeaseElection running = election;
        return running == null ? !config.enabled() : running.isLeader();
    }

    /** Whether replicas compete for a lease. */
    public boolean electionEnabled() {
        return config.enabled();
    }

    /** This replica's identity in the lease. */
    public String identity() {
        return identity;
    }

    /** The lease's {@code namespace/name}; only the name before the election started (or when it is off). */
    public String lease() {
        return namespace == null ? leaseName : namespace + "/" + leaseName;
    }

    /** The lease's holder as last seen: this replica when the election is off, null when unknown. */
    public Optional<String> holder() {
        LeaseElection running = election;
        return running == null
                ? Optional.of(identity).filter(ignored -> !config.enabled())
                : Optional.ofNullable(running.holder());
    }

    /** When leadership last changed (the start, when it never did). */
    public Instant since() {
        return since;
    }

    private void changed(boolean leading) {
        since = Instant.now(clock);
        LeadershipChange change = new LeadershipChange(leading, identity, lease());
        // In order, off the election's thread: an observer's work must not delay the next renewal.
        notifier.execute(() -> {
            try {
                changes.fire(change);
            } catch (RuntimeException e) {
                LOGGER.warnf("An observer of %s failed: %s", change, e.getMessage());
            }
        });
    }

    /** The pod's name from the downward API ({@code POD_NAME}), else the host name (a pod's host name is its name). */
    static String podName() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String host = System.getenv("HOSTNAME");
            return host == null || host.isBlank()
                    ? "unknown-" + ProcessHandle.current().pid()
                    : host;
        }
    }
}
