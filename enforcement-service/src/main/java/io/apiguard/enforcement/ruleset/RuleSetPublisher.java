package io.apiguard.enforcement.ruleset;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetHash;
import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.enforcement.inventory.InventoryRoutes;
import io.apiguard.enforcement.policy.Policy;
import io.apiguard.enforcement.rules.RuleRepository;
import io.apiguard.enforcement.ruleset.RuleSetVersionRepository.RecordedVersion;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Owns the current rule set. {@link #rebuild()} reads the active rules and the route table, and when their content
 * (with the allowlist, namespace modes and signatures) differs from the current set's, takes the next version from the database sequence,
 * records it and announces it ({@link RuleSetChanged}) so it is pushed to every sidecar. Rebuilds are serialized and
 * coalesced: a rebuild asked for while one runs makes exactly one more run afterwards, which sees every change.
 */
@ApplicationScoped
public class RuleSetPublisher {

    private static final Logger LOGGER = Logger.getLogger(RuleSetPublisher.class);

    private final RuleRepository rules;
    private final InventoryRoutes routes;
    private final RuleSetVersionRepository versions;
    private final Policy policy;
    private final EnforcementConfig config;
    private final Event<RuleSetChanged> changed;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<SignedRuleSet> current = new AtomicReference<>();
    private CompletableFuture<SignedRuleSet> running;
    private CompletableFuture<SignedRuleSet> queued;
    private volatile RecordedVersion recorded;
    /** Whether the first build at start is done (guarded by {@link #startLock}). */
    private boolean started;
    /** A route changed before the first build was done (guarded by {@link #startLock}). */
    private boolean routesChangedBeforeStart;

    private final Object startLock = new Object();

    RuleSetPublisher(
            RuleRepository rules,
            InventoryRoutes routes,
            RuleSetVersionRepository versions,
            Policy policy,
            EnforcementConfig config,
            Event<RuleSetChanged> changed) {
        this.rules = rules;
        this.routes = routes;
        this.versions = versions;
        this.policy = policy;
        this.config = config;
        this.changed = changed;
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        // Before serving pulls: continue the numbering of the last run, then catch up with what changed meanwhile.
        recorded = versions.latest().await().indefinitely();
        SignedRuleSet set = rebuild().await().indefinitely();
        LOGGER.infof(
                "Active rule set: version %d, %d rules, %d routes",
                set.ruleSet().version(),
                set.ruleSet().rules().size(),
                set.ruleSet().routes().size());
        boolean again;
        synchronized (startLock) {
            started = true;
            again = routesChangedBeforeStart;
        }
        if (again) {
            rebuild().subscribe().with(ignored -> {}, failure -> {});
        }
    }

    /**
     * The route table changed (an inventory change was kept): rebuild, so sidecars get the new table. Before the first
     * build at start, the change is remembered and rebuilt for once that build is done (it continues the numbering of
     * the last run, which a rebuild before it would not).
     */
    public void routesChanged() {
        synchronized (startLock) {
            if (!started) {
                routesChangedBeforeStart = true;
                return;
            }
        }
        rebuild().subscribe().with(ignored -> {}, failure -> {});
    }

    /** The current set; null only before the first build at start. */
    public SignedRuleSet current() {
        return current.get();
    }

    /** The current version (0 before the first build). */
    public long currentVersion() {
        SignedRuleSet set = current.get();
        return set == null ? 0 : set.ruleSet().version();
    }

    /** Builds the set from the active rules; completes with the set in force afterwards (a new version or not). */
    public Uni<SignedRuleSet> rebuild() {
        CompletableFuture<SignedRuleSet> result;
        boolean start = false;
        synchronized (this) {
            if (running == null) {
                running = new CompletableFuture<>();
                result = running;
                start = true;
            } else {
                if (queued == null) {
                    queued = new CompletableFuture<>();
                }
                result = queued;
            }
        }
        if (start) {
            run(result);
        }
        return Uni.createFrom().completionStage(result);
    }

    private void run(CompletableFuture<SignedRuleSet> result) {
        build().subscribe().with(set -> finish(result, set, null), failure -> finish(result, null, failure));
    }

    private void finish(CompletableFuture<SignedRuleSet> result, SignedRuleSet set, Throwable failure) {
        CompletableFuture<SignedRuleSet> next;
        synchronized (this) {
            next = queued;
            queued = null;
            running = next;
        }
        if (failure != null) {
            LOGGER.warnf("Rule set rebuild failed: %s", failure.getMessage());
            result.completeExceptionally(failure);
        } else {
            result.complete(set);
        }
        if (next != null) {
            run(next);
        }
    }

    private Uni<SignedRuleSet> build() {
        Instant now = clock.instant();
        return Uni.combine()
                .all()
                .unis(rules.activeAt(now), routes.all())
                .asTuple()
                .flatMap(read -> {
                    List<EnforcementRule> active = read.getItem1();
                    List<RuleSet.Route> table = read.getItem2();
                    String hash = RuleSetHash.of(
                            active, policy.allowlist(), policy.namespaceModes(), config.signatures(), table);
                    SignedRuleSet previous = current.get();
                    RecordedVersion last = recorded;
                    return switch (step(hash, previous, last)) {
                        case KEEP -> Uni.createFrom().item(previous);
                        // Same content as the last version recorded before a restart: keep its number, nothing to push.
                        case RESUME ->
                            Uni.createFrom()
                                    .item(install(
                                            RuleSet.of(
                                                    last.version(),
                                                    now,
                                                    active,
                                                    policy.allowlist(),
                                                    policy.namespaceModes(),
                                                    config.signatures(),
                                                    table),
                                            false));
                        case NEW ->
                            versions.next().flatMap(version -> {
                                RuleSet set = RuleSet.of(
                                        version,
                                        now,
                                        active,
                                        policy.allowlist(),
                                        policy.namespaceModes(),
                                        config.signatures(),
                                        table);
                                return versions.record(version, set.hash(), active.size(), now)
                                        .map(ignored -> install(set, true));
                            });
                    };
                });
    }

    /**
     * What a build of content {@code hash} does: keeps the current set when its content is the same; at start (no
     * current set yet), resumes the last recorded version when its content is the same; else makes a new version.
     */
    static Step step(String hash, SignedRuleSet current, RecordedVersion recorded) {
        if (current != null) {
            return current.ruleSet().hash().equals(hash) ? Step.KEEP : Step.NEW;
        }
        return recorded != null && recorded.hash().equals(hash) ? Step.RESUME : Step.NEW;
    }

    /** The outcome of {@link #step}. */
    enum Step {
        /** The current set stays: same content. */
        KEEP,
        /** The last version recorded before a restart is current again, not announced: same content. */
        RESUME,
        /** A new version, recorded and announced. */
        NEW
    }

    private SignedRuleSet install(RuleSet set, boolean announce) {
        SignedRuleSet signed = SignedRuleSet.of(set);
        current.set(signed);
        if (announce) {
            LOGGER.infof(
                    "Rule set version %d: %d rules, %d routes (%s)",
                    set.version(), set.rules().size(), set.routes().size(), set.hash());
            changed.fireAsync(new RuleSetChanged(signed));
        }
        return signed;
    }

    /** Whether {@code rule} is in the current set. */
    public boolean isActive(String ruleId) {
        SignedRuleSet set = current.get();
        return set != null
                && set.ruleSet().rules().stream().map(EnforcementRule::id).anyMatch(ruleId::equals);
    }

    /**
     * A new version of the rule set is current.
     *
     * @param set the new set
     */
    public record RuleSetChanged(SignedRuleSet set) {}
}
