package io.apiguard.sidecar.sync;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.sidecar.enforcement.EnforcementConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Keeps the rule set current without depending on pushes: at start the set kept in the state file is installed and
 * the current one pulled; then a heartbeat (which is also the registration) goes out every interval, and a pull on
 * its own fallback interval and whenever a heartbeat shows the sidecar behind. When enforcement-service is down the
 * calls fail and the set in force stays; nothing on a call's path waits for any of this.
 *
 * <p>Threading: the scheduler runs the pull and the heartbeat, one at a time each ({@code SKIP}); their REST answers
 * arrive on an event loop and the pulled set is moved to the default worker pool before it is verified and compiled.
 * The only shared state is the reachability flag, an {@link AtomicBoolean}.
 */
@ApplicationScoped
public class RuleSync {

    private static final Logger LOGGER = Logger.getLogger(RuleSync.class);

    private final ControlPlane controlPlane;
    private final RuleSetReceiver receiver;
    private final SidecarEnforcement enforcement;
    private final EnforcementConfig config;
    private final SidecarName name;
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    RuleSync(
            ControlPlane controlPlane,
            RuleSetReceiver receiver,
            SidecarEnforcement enforcement,
            EnforcementConfig config,
            SidecarName name) {
        this.controlPlane = controlPlane;
        this.receiver = receiver;
        this.enforcement = enforcement;
        this.config = config;
        this.name = name;
    }

    void start(@Observes StartupEvent event) {
        receiver.restoreFromStateFile();
        if (!active()) {
            if (config.controlPlane()) {
                LOGGER.warn(
                        "No rule-set public key (apiguard.sidecar.enforcement.verification-keys-dir): rule sets are "
                                + "neither pulled "
                                + "nor accepted from pushes");
            }
            return;
        }
        pull().subscribe().with(ignored -> {}, failure -> {});
    }

    void httpStarted(@Observes HttpServerStart start) {
        if (active()) {
            heartbeat().subscribe().with(ignored -> {}, failure -> {});
        }
    }

    @Scheduled(
            every = "${apiguard.sidecar.enforcement.pull-interval:30s}",
            delayed = "${apiguard.sidecar.enforcement.pull-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPull() {
        return active() ? pull().replaceWithVoid() : Uni.createFrom().voidItem();
    }

    @Scheduled(
            every = "${apiguard.sidecar.enforcement.heartbeat-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledHeartbeat() {
        return active() ? heartbeat().replaceWithVoid() : Uni.createFrom().voidItem();
    }

    /** Fetches and installs the current set; completes with what happened, or null when enforcement is away. */
    public Uni<RuleSetReceiver.Received> pull() {
        return controlPlane
                .ruleSet()
                // compiling a large set takes milliseconds: not on an event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(this::receive)
                .onItem()
                .invoke(received -> {
                    if (reachable.compareAndSet(false, true)) {
                        LOGGER.info("enforcement-service is reachable again");
                    }
                    if (!received.authentic() || !received.errors().isEmpty()) {
                        LOGGER.warnf("Pulled rule set refused: %s", received.describe());
                    }
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    unreachable(failure);
                    return null;
                });
    }

    /** Registers (or refreshes the registration) and pulls at once when enforcement-service has a newer set. */
    public Uni<EnforcementClient.Registered> heartbeat() {
        RuleSet set = enforcement.activeSet();
        EnforcementClient.Registration registration = new EnforcementClient.Registration(
                config.service().orElse(null), enforcement.declaredMode(), set.version(), set.hash());
        return controlPlane
                .register(name.namespace(), name.pod(), registration)
                .call(registered -> registered != null
                                && registered.currentVersion()
                                        > enforcement.activeSet().version()
                        ? pull()
                        : Uni.createFrom().nullItem())
                .onFailure()
                .recoverWithItem(failure -> {
                    unreachable(failure);
                    return null;
                });
    }

    private RuleSetReceiver.Received receive(String signed) {
        return receiver.receive(signed == null ? "" : signed, "pull");
    }

    private void unreachable(Throwable failure) {
        // one warning per outage, not one per attempt
        if (reachable.compareAndSet(true, false)) {
            LOGGER.warnf(
                    "enforcement-service unreachable (%s); keeping rule set %d",
                    failure.getMessage(), enforcement.activeSet().version());
        }
    }

    private boolean active() {
        return config.enabled() && config.controlPlane() && receiver.canVerify();
    }
}
