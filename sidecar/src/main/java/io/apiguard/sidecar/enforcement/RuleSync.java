package io.apiguard.sidecar.enforcement;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetSignature;
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
 */
@ApplicationScoped
public class RuleSync {

    private static final Logger LOGGER = Logger.getLogger(RuleSync.class);

    private final ControlPlane controlPlane;
    private final RuleSetReceiver receiver;
    private final SidecarEnforcement enforcement;
    private final EnforcementConfig config;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private volatile int httpPort;

    RuleSync(ControlPlane controlPlane, RuleSetReceiver receiver, SidecarEnforcement enforcement,
            EnforcementConfig config) {
        this.controlPlane = controlPlane;
        this.receiver = receiver;
        this.enforcement = enforcement;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        receiver.restoreFromStateFile();
        if (!active()) {
            if (config.controlPlane()) {
                LOGGER.warn("No rule-set secret (apiguard.sidecar.enforcement.secret): rule sets are neither pulled "
                        + "nor accepted from pushes");
            }
            return;
        }
        pull().subscribe().with(ignored -> { }, failure -> { });
    }

    void httpStarted(@Observes HttpServerStart start) {
        httpPort = start.options().getPort();
        if (active()) {
            heartbeat().subscribe().with(ignored -> { }, failure -> { });
        }
    }

    @Scheduled(every = "${apiguard.sidecar.enforcement.pull-interval:30s}", delayed = "${apiguard.sidecar.enforcement.pull-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPull() {
        return active() ? pull().replaceWithVoid() : Uni.createFrom().voidItem();
    }

    @Scheduled(every = "${apiguard.sidecar.enforcement.heartbeat-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledHeartbeat() {
        return active() ? heartbeat().replaceWithVoid() : Uni.createFrom().voidItem();
    }

    /** Fetches and installs the current set; completes with what happened, or null when enforcement is away. */
    public Uni<RuleSetReceiver.Received> pull() {
        return controlPlane.ruleSet()
                // compiling a large set takes milliseconds: not on an event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(response -> receive(response))
                .onItem().invoke(received -> {
                    if (reachable.compareAndSet(false, true)) {
                        LOGGER.info("enforcement-service is reachable again");
                    }
                    if (!received.verdict().valid() || !received.errors().isEmpty()) {
                        LOGGER.warnf("Pulled rule set refused: %s", received.describe());
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    unreachable(failure);
                    return null;
                });
    }

    /** Registers (or refreshes the registration) and pulls at once when enforcement-service has a newer set. */
    public Uni<EnforcementClient.Registered> heartbeat() {
        RuleSet set = enforcement.activeSet();
        EnforcementClient.Registration registration = new EnforcementClient.Registration(config.service().orElse(null),
                adminUrl(), enforcement.declaredMode(), set.version(), set.hash());
        return controlPlane.register(namespace(), pod(), registration)
                .call(registered -> registered != null && registered.currentVersion() > enforcement.activeSet().version()
                        ? pull() : Uni.createFrom().nullItem())
                .onFailure().recoverWithItem(failure -> {
                    unreachable(failure);
                    return null;
                });
    }

    private RuleSetReceiver.Received receive(RestResponse<byte[]> response) {
        return receiver.receive(response.getEntity() == null ? new byte[0] : response.getEntity(),
                response.getHeaderString(RuleSetSignature.TIMESTAMP_HEADER),
                response.getHeaderString(RuleSetSignature.SIGNATURE_HEADER), "pull");
    }

    private void unreachable(Throwable failure) {
        // one warning per outage, not one per attempt
        if (reachable.compareAndSet(true, false)) {
            LOGGER.warnf("enforcement-service unreachable (%s); keeping rule set %d", failure.getMessage(),
                    enforcement.activeSet().version());
        }
    }

    private boolean active() {
        return config.enabled() && config.controlPlane() && receiver.canVerify();
    }

    /** The sidecar's namespace as registered; {@code default} outside Kubernetes. */
    String namespace() {
        return config.namespace().orElse("default");
    }

    /** The pod's name as registered; the host name outside Kubernetes. */
    String pod() {
        return config.pod().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "sidecar";
            }
        });
    }

    private String adminUrl() {
        return config.adminUrl().map(URI::toString).orElseGet(() -> {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
            int port = httpPort;
            if (port <= 0) {
                // a random port (tests) is published as a property once bound
                port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class)
                        .filter(value -> value > 0)
                        .orElseGet(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class)
                                .orElse(8091));
            }
            return "http://" + host + ":" + port;
        });
    }
}
