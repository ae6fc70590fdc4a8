package io.apiguard.enforcement.ruleset;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

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
    private final Pool pool;
    private final Policy policy;
    private final EnforcementConfig config;
    private final Event<RuleSetChanged> changed;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<SignedRuleSet> current = new AtomicReference<>();
    private CompletableFuture<SignedRuleSet> running;
    private CompletableFuture<SignedRuleSet> queued;
    private volatile Recorded recorded;
    /** Whether the first build at start is done (guarded by {@link #startLock}). */
    private boolean started;
    /** A route changed before the first build was done (guarded by {@link #startLock}). */
    private boolean routesChangedBeforeStart;
    private final Object startLock = new Object();

    RuleSetPublisher(RuleRepository rules, InventoryRoutes routes, Pool pool, Policy policy, EnforcementConfig config,
            Event<RuleSetChanged> changed) {
        this.rules = rules;
        this.routes = routes;
        this.pool = pool;
        this.policy = policy;
        this.config = config;
        this.changed = changed;
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        // Before serving pulls: continue the numbering of the last run, then catch up with what changed meanwhile.
        recorded = pool.query("select version, hash from rule_set_version order by version desc limit 1").execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next())
                .map(row -> row == null ? null : new Recorded(row.getLong("version"), row.getString("hash")))
                .await().indefinitely();
        SignedRuleSet set = rebuild().await().indefinitely();
        LOGGER.infof("Active rule set: version %d, %d rules, %d routes", set.ruleSet().version(),
                set.ruleSet().rules().size(), set.ruleSet().routes().size());
        boolean again;
        synchronized (startLock) {
            started = true;
            again = routesChangedBeforeStart;
        }
        if (again) {
            rebuild().subscribe().with(ignored -> { }, failure -> { });
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
        rebuild().subscribe().with(ignored -> { }, failure -> { });
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
        return Uni.combine().all().unis(rules.activeAt(now), routes.all()).asTuple().flatMap(read -> {
            List<EnforcementRule> active = read.getItem1();
            List<RuleSet.Route> table = read.getItem2();
            String hash = RuleSetHash.of(active, policy.allowlist(), policy.namespaceModes(), config.signatures(),
                    table);
            SignedRuleSet previous = current.get();
            if (previous != null && previous.ruleSet().hash().equals(hash)) {
                return Uni.createFrom().item(previous);
            }
            Recorded last = recorded;
            if (previous == null && last != null && last.hash().equals(hash)) {
                // Same content as the last version recorded before a restart: keep its number, nothing to push.
                return Uni.createFrom().item(install(RuleSet.of(last.version(), now, active, policy.allowlist(),
                        policy.namespaceModes(), config.signatures(), table), false));
            }
            return pool.query("select nextval('rule_set_version_seq')").execute()
                    .map(rows -> rows.iterator().next().getLong(0))
                    .flatMap(version -> {
                        RuleSet set = RuleSet.of(version, now, active, policy.allowlist(), policy.namespaceModes(),
                                config.signatures(), table);
                        return pool.preparedQuery("insert into rule_set_version (version, hash, rule_count, created_at) "
                                        + "values ($1, $2, $3, $4)")
                                .execute(Tuple.of(version, set.hash(), active.size(), now.atOffset(ZoneOffset.UTC)))
                                .map(ignored -> install(set, true));
                    });
        });
    }

    private SignedRuleSet install(RuleSet set, boolean announce) {
        SignedRuleSet signed = SignedRuleSet.of(set);
        current.set(signed);
        if (announce) {
            LOGGER.infof("Rule set version %d: %d rules, %d routes (%s)", set.version(), set.rules().size(),
                    set.routes().size(), set.hash());
            changed.fireAsync(new RuleSetChanged(signed));
        }
        return signed;
    }

    /** Whether {@code rule} is in the current set. */
    public boolean isActive(String ruleId) {
        SignedRuleSet set = current.get();
        return set != null && set.ruleSet().rules().stream().map(EnforcementRule::id).anyMatch(ruleId::equals);
    }

    /** The last version recorded in the database at start. */
    private record Recorded(long version, String hash) {
    }

    /**
     * A new version of the rule set is current.
     *
     * @param set the new set
     */
    public record RuleSetChanged(SignedRuleSet set) {
    }
}
