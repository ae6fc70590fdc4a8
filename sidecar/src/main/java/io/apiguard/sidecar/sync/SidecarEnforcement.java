package io.apiguard.sidecar.sync;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.common.paths.RouteTable;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.spec.SpecCheck;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.sidecar.enforcement.EnforcementConfig;
import io.apiguard.sidecar.enforcement.PositiveModelConfig;
import io.apiguard.sidecar.rules.CallFacts;
import io.apiguard.sidecar.rules.EnforcementDecision;
import io.apiguard.sidecar.rules.RuleEvaluator;
import io.apiguard.sidecar.spec.PositiveModel;
import io.apiguard.sidecar.spec.SpecFindings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The sidecar's enforcement point: {@link #decide} for every call, {@link #install} for every new rule set. The
 * active set is an immutable {@link RuleEvaluator} behind an {@link AtomicReference}: a decision sees one whole set,
 * never half of a swap, and an install never waits for calls in flight.
 *
 * <p>Threading: {@link #decide} is called on the proxy's event loops, concurrently; it never blocks and allocates
 * nothing for calls no rule is indexed under. {@link #install} is called from the admin endpoint and the pull, and is
 * serialized here.
 */
@ApplicationScoped
public class SidecarEnforcement {

    private static final Logger LOGGER = Logger.getLogger(SidecarEnforcement.class);

    private final EnforcementConfig config;
    private final AtomicReference<Active> active = new AtomicReference<>(new Active(RuleEvaluator.empty(), null, null));
    private final Counter blocked;
    private final Counter rateLimited;
    private final Counter monitored;
    private final Counter errors;
    private final PositiveModelConfig positiveModel;
    private final PositiveModel.Options positiveModelOptions;
    /** By mode (monitor, enforce) then check: registered once, so counting a violation is an array read. */
    private final Counter[][] specViolations;

    SidecarEnforcement(EnforcementConfig config, PositiveModelConfig positiveModel, MeterRegistry registry) {
        this.config = config;
        this.positiveModel = positiveModel;
        this.positiveModelOptions =
                new PositiveModel.Options(positiveModel.strictWrites(), positiveModel.maxViolations());
        SpecValidation[] counted = {SpecValidation.MONITOR, SpecValidation.ENFORCE};
        this.specViolations = new Counter[counted.length][SpecCheck.values().length];
        for (SpecValidation mode : counted) {
            for (SpecCheck check : SpecCheck.values()) {
                specViolations[mode.ordinal() - 1][check.ordinal()] = Counter.builder(
                                "apiguard.sidecar.spec.violations")
                        .description("calls that break their API's spec, by the check they break and the API's mode")
                        .tag("check", check.wire())
                        .tag("mode", mode.wire())
                        .register(registry);
            }
        }
        Gauge.builder(
                        "apiguard.sidecar.spec.operations",
                        active,
                        ref -> ref.get().evaluator.positiveModel().checkedOperations())
                .description("declared operations checked against their spec, in the rule set in force")
                .tag("state", "checked")
                .register(registry);
        Gauge.builder(
                        "apiguard.sidecar.spec.operations",
                        active,
                        ref -> ref.get().evaluator.positiveModel().uncheckedOperations())
                .description("declared operations left unchecked because their schema does not compile")
                .tag("state", "unchecked")
                .register(registry);
        this.blocked = registry.counter("apiguard.sidecar.enforcement.decisions", "outcome", "blocked");
        this.rateLimited = registry.counter("apiguard.sidecar.enforcement.decisions", "outcome", "rate-limited");
        this.monitored = registry.counter("apiguard.sidecar.enforcement.decisions", "outcome", "monitored");
        this.errors = registry.counter("apiguard.sidecar.enforcement.errors");
        Gauge.builder(
                        "apiguard.sidecar.enforcement.rule.set.version",
                        active,
                        ref -> ref.get().version())
                .description("version of the rule set in force")
                .register(registry);
        Gauge.builder(
                        "apiguard.sidecar.enforcement.rules.active",
                        active,
                        ref -> ref.get().evaluator.ruleCount())
                .description("rules in force")
                .register(registry);
        Gauge.builder(
                        "apiguard.sidecar.enforcement.routes",
                        active,
                        ref -> ref.get().evaluator.routeCount())
                .description("routes in the route table in force")
                .register(registry);
    }

    /**
     * The API and operation template of a call by the route table of the set in force (declared templates preferred
     * to learned ones); {@link RouteTable#NO_ROUTE} when no route serves it. Never throws, never blocks.
     *
     * @param host   the Host header
     * @param method the HTTP method, upper-case
     * @param path   the request path, without the query
     */
    public RouteTable.Resolved route(String host, String method, String path) {
        try {
            return active.get().evaluator.route(host, method, path);
        } catch (RuntimeException e) {
            errors.increment();
            LOGGER.debugf(e, "route lookup failed; the call is decided without its api id");
            return RouteTable.NO_ROUTE;
        }
    }

    /**
     * The positive model of the set in force. A call reads it before {@link #route} and again after: the same instance
     * both times means the route's handle is this model's (no set was installed in between).
     */
    public PositiveModel positiveModel() {
        return active.get().evaluator.positiveModel();
    }

    /**
     * What is done with a call of {@code apiId} that breaks its spec: the API's mode in {@code model}, off when the
     * positive model or enforcement is switched off, and monitor at most while this sidecar only monitors.
     */
    public SpecValidation specMode(PositiveModel model, String apiId) {
        if (!positiveModel.enabled() || !config.enabled()) {
            return SpecValidation.OFF;
        }
        SpecValidation mode = model.mode(apiId);
        return mode == SpecValidation.ENFORCE && config.mode() == EnforcementConfig.SidecarMode.MONITOR
                ? SpecValidation.MONITOR
                : mode;
    }

    /**
     * Checks a call against its spec operation in {@code model} (the one its route was resolved with) and counts what
     * it breaks; nothing for an allowlisted call (a health probe is no operation of the spec). Never throws, never
     * blocks: an internal error is counted and the call is taken as conforming.
     *
     * @param mode the API's mode ({@link #specMode}), not off
     */
    public SpecFindings checkSpec(
            PositiveModel model, RouteTable.Resolved route, CallFacts facts, SpecValidation mode) {
        try {
            if (active.get().evaluator.allowlisted(facts)) {
                return SpecFindings.NONE;
            }
            SpecFindings findings = model.check(route, facts.path(), facts.rawQuery(), facts.content());
            if (findings.violated()) {
                Counter[] byCheck = specViolations[mode == SpecValidation.ENFORCE ? 1 : 0];
                for (SpecCheck check : findings.checks()) {
                    byCheck[check.ordinal()].increment();
                }
            }
            return findings;
        } catch (RuntimeException e) {
            errors.increment();
            LOGGER.debugf(e, "spec check failed; the call is taken as conforming");
            return SpecFindings.NONE;
        }
    }

    /**
     * Decides one call: forward, block (403), rate-limited (429) or monitored (forward and record). On an internal
     * error the configured fail mode decides (forward, or 503). Never throws, never blocks.
     */
    public EnforcementDecision decide(CallFacts facts) {
        if (!config.enabled()) {
            return EnforcementDecision.FORWARD;
        }
        EnforcementDecision decision;
        try {
            decision = active.get().evaluator.evaluate(facts, System.currentTimeMillis(), System.nanoTime());
        } catch (RuntimeException e) {
            errors.increment();
            LOGGER.debugf(e, "rule evaluation failed; failing %s", config.failMode());
            return config.failMode() == EnforcementConfig.FailMode.OPEN
                    ? EnforcementDecision.FORWARD
                    : EnforcementDecision.FAILED_CLOSED;
        }
        switch (decision.outcome()) {
            case BLOCK -> blocked.increment();
            case RATE_LIMITED -> rateLimited.increment();
            case MONITORED -> monitored.increment();
            default -> {
                // forwarded calls are counted by the proxy
            }
        }
        return decision;
    }

    /**
     * True when a rule in force looks at a call's content (a payload signature), so the proxy must read the request
     * body before it decides; false when enforcement is off or no rule would look. Never blocks; per set, the answer
     * is worked out once, by the first call after the set is installed.
     */
    public boolean inspectsContent() {
        if (!config.enabled()) {
            return false;
        }
        RuleSet set = active.get().evaluator.ruleSet();
        ContentNeed known = contentNeed;
        if (known.set != set) {
            known = new ContentNeed(
                    set, set.rules().stream().anyMatch(rule -> rule.match().payloadSignature() != null));
            contentNeed = known;
        }
        return known.inspects;
    }

    /** Whether {@code set} has a rule that inspects content; racing recomputations are harmless (same answer). */
    private record ContentNeed(RuleSet set, boolean inspects) {}

    private volatile ContentNeed contentNeed = new ContentNeed(null, false);

    /**
     * Makes {@code ruleSet} the active set unless it is older than the active one.
     *
     * @param ruleSet a validated set
     * @param source  where it came from ({@code push}, {@code pull}, {@code state-file}), for the log and the status
     * @return what happened
     */
    public synchronized InstallResult install(RuleSet ruleSet, String source) {
        Active current = active.get();
        RuleSet installed = current.evaluator.ruleSet();
        if (current.installedAt != null && ruleSet.version() < installed.version()) {
            return new InstallResult(InstallResult.Status.STALE, installed, null);
        }
        if (current.installedAt != null && ruleSet.version() == installed.version()) {
            return ruleSet.hash().equals(installed.hash())
                    ? new InstallResult(InstallResult.Status.UNCHANGED, installed, null)
                    : new InstallResult(InstallResult.Status.CONFLICT, installed, null);
        }
        RuleEvaluator evaluator;
        try {
            evaluator = RuleEvaluator.compile(
                    ruleSet,
                    config.namespace().orElse(null),
                    config.mode() == EnforcementConfig.SidecarMode.MONITOR,
                    current.evaluator,
                    config.rateLimitMaxCallers(),
                    positiveModelOptions);
        } catch (RuntimeException e) {
            return new InstallResult(InstallResult.Status.INVALID, installed, e.getMessage());
        }
        active.set(new Active(evaluator, Instant.now(), source));
        LOGGER.infof(
                "Rule set %d (%s) installed from %s: %d rules, %d routes, %d operations checked against their spec"
                        + " (%d unchecked)",
                ruleSet.version(),
                ruleSet.hash(),
                source,
                evaluator.ruleCount(),
                evaluator.routeCount(),
                evaluator.positiveModel().checkedOperations(),
                evaluator.positiveModel().uncheckedOperations());
        for (String unchecked : evaluator.positiveModel().uncheckedReasons()) {
            LOGGER.warnf("Rule set %d: %s", ruleSet.version(), unchecked);
        }
        return new InstallResult(InstallResult.Status.INSTALLED, ruleSet, null);
    }

    /** The set in force (version 0 and empty before the first install). */
    public RuleSet activeSet() {
        return active.get().evaluator.ruleSet();
    }

    /** How many rules are in force. */
    public int rulesActive() {
        return active.get().evaluator.ruleCount();
    }

    /** When the active set was installed; null before the first install. */
    public Instant installedAt() {
        return active.get().installedAt;
    }

    /** Where the active set came from; null before the first install. */
    public String installedFrom() {
        return active.get().source;
    }

    /** True when this sidecar blocks: enforcement on, in enforce mode, with a rule set from the control plane. */
    public boolean enforcing() {
        return config.enabled()
                && config.mode() == EnforcementConfig.SidecarMode.ENFORCE
                && active.get().installedAt != null;
    }

    /** The mode this sidecar declares: {@code enforce} only when it would block. */
    public String declaredMode() {
        return config.enabled() && config.mode() == EnforcementConfig.SidecarMode.ENFORCE ? "enforce" : "monitor";
    }

    private record Active(RuleEvaluator evaluator, Instant installedAt, String source) {

        long version() {
            return evaluator.ruleSet().version();
        }
    }

    /**
     * The outcome of {@link #install}.
     *
     * @param status what happened
     * @param active the set in force afterwards
     * @param detail why, when it was refused
     */
    public record InstallResult(Status status, RuleSet active, String detail) {

        /** What an install did. */
        public enum Status {
            /** The set is now in force. */
            INSTALLED,
            /** The same version and content was already in force. */
            UNCHANGED,
            /** Older than the set in force: refused (a replay, or a late retry). */
            STALE,
            /** Same version as the set in force but other content: refused. */
            CONFLICT,
            /** Could not be compiled. */
            INVALID
        }

        /** True when the set given is in force afterwards. */
        public boolean inForce() {
            return status == Status.INSTALLED || status == Status.UNCHANGED;
        }
    }
}
