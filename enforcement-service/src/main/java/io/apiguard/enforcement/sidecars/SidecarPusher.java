package io.apiguard.enforcement.sidecars;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.enforcement.events.EnforcementEventProducer;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.enforcement.ruleset.RuleSetSigning;
import io.apiguard.enforcement.ruleset.SignedRuleSet;
import io.apiguard.support.leader.Leadership;
import io.apiguard.support.leader.LeadershipChange;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Pushes every new rule set to every known sidecar, in parallel, and records what each acknowledged (the sidecar's
 * answer names the version it now enforces) with a {@code rule-set-pushed} event. Sidecars still behind are pushed
 * again on the reconcile interval; sidecars also pull, so neither path alone has to be perfect.
 *
 * <p>Only the leader ({@link Leadership}) pushes, so a sidecar is not pushed every set twice with two replicas. A
 * follower stores the rules it makes and builds its own set (for pulls); the leader picks those rules up when it
 * rebuilds before each reconcile, and pushes every sidecar still behind as soon as it takes over.
 */
@ApplicationScoped
public class SidecarPusher {

    private static final Logger LOGGER = Logger.getLogger(SidecarPusher.class);

    private final SidecarRepository sidecars;
    private final SidecarDelivery delivery;
    private final RuleSetPublisher publisher;
    private final RuleSetSigning signing;
    private final EnforcementEventProducer events;
    private final EnforcementConfig config;
    private final Leadership leadership;
    private final Clock clock = Clock.systemUTC();

    SidecarPusher(
            SidecarRepository sidecars,
            SidecarDelivery delivery,
            RuleSetPublisher publisher,
            RuleSetSigning signing,
            EnforcementEventProducer events,
            EnforcementConfig config,
            Leadership leadership) {
        this.sidecars = sidecars;
        this.delivery = delivery;
        this.publisher = publisher;
        this.signing = signing;
        this.events = events;
        this.config = config;
        this.leadership = leadership;
    }

    void onChange(@ObservesAsync RuleSetPublisher.RuleSetChanged changed) {
        if (!leadership.isLeader()) {
            return;
        }
        pushAll(changed.set(), false)
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> LOGGER.warnf(
                                "Push of version %d failed: %s",
                                changed.set().ruleSet().version(), failure.getMessage()));
    }

    /**
     * Leader only: rebuilds (taking in the rules a follower stored) and pushes the current set again to every
     * reachable sidecar behind it.
     */
    @Scheduled(
            every = "${apiguard.enforcement.distribution.reconcile-interval:30s}",
            delayed = "${apiguard.enforcement.distribution.reconcile-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        if (!leadership.isLeader() || publisher.current() == null) {
            return Uni.createFrom().voidItem();
        }
        return publisher.rebuild().flatMap(set -> pushAll(set, true));
    }

    /** A new leader catches up at once: every sidecar behind gets the current set, with the rules followers stored. */
    void onLeadership(@Observes LeadershipChange change) {
        if (change.leading()) {
            reconcile()
                    .subscribe()
                    .with(
                            ignored -> LOGGER.infof("%s leads: sidecars behind pushed", change.identity()),
                            failure -> LOGGER.warnf(
                                    "Catching up the sidecars after taking over failed: %s", failure.getMessage()));
        }
    }

    /** Pushes the current set to one sidecar (a newly discovered one); leader only. */
    public Uni<Void> pushTo(Sidecar sidecar) {
        SignedRuleSet set = publisher.current();
        return set == null || sidecar.adminUrl() == null || !leadership.isLeader()
                ? Uni.createFrom().voidItem()
                : push(sidecar, set);
    }

    private Uni<Void> pushAll(SignedRuleSet set, boolean onlyBehind) {
        Instant now = clock.instant();
        return sidecars.all().flatMap(all -> {
            List<Uni<Void>> pushes = all.stream()
                    .filter(sidecar -> pushable(
                            sidecar,
                            set.ruleSet().version(),
                            onlyBehind,
                            now,
                            config.distribution().staleAfter()))
                    .map(sidecar -> push(sidecar, set))
                    .toList();
            return pushes.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(pushes).andCollectFailures().replaceWithVoid();
        });
    }

    /**
     * Whether a push of {@code version} goes to {@code sidecar}: it needs an address, and a pod found by its label or
     * a registration heard from within {@code staleAfter} (one gone silent is not pushed to); with {@code onlyBehind},
     * only when it acknowledged an older version.
     */
    static boolean pushable(Sidecar sidecar, long version, boolean onlyBehind, Instant now, Duration staleAfter) {
        return sidecar.adminUrl() != null
                && (sidecar.discovered() || sidecar.live(now, staleAfter))
                && (!onlyBehind || sidecar.ackedVersion() < version);
    }

    private Uni<Void> push(Sidecar sidecar, SignedRuleSet set) {
        long version = set.ruleSet().version();
        // Signed for this sidecar alone (audience namespace/pod) and afresh for every push.
        return Uni.createFrom()
                .item(() -> signing.signFor(set, sidecar.id()))
                .flatMap(jws -> delivery.deliver(sidecar.adminUrl(), jws))
                .flatMap(ack -> {
                    // an ack names the version in force there; more than what was pushed is not believed
                    long acknowledged = Math.min(ack.version(), version);
                    return sidecars.acknowledged(sidecar.id(), acknowledged, version, clock.instant())
                            .flatMap(ignored -> events.pushed(sidecar.id(), acknowledged, clock.instant()));
                })
                .onFailure()
                .recoverWithUni(failure -> {
                    LOGGER.warnf(
                            "Push of rule set %d to sidecar %s (%s) failed: %s",
                            version, sidecar.id(), sidecar.adminUrl(), failure.getMessage());
                    return sidecars.pushFailed(sidecar.id(), PushFailure.of(failure));
                });
    }
}
