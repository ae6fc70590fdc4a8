/**
 * The sidecar's rule engine, pure: a signed rule set compiled into an immutable {@link
 * io.apiguard.sidecar.rules.RuleEvaluator}, and the decision of one call over it ({@link
 * io.apiguard.sidecar.rules.RuleEvaluator#evaluate}: forward, 403, 429 or monitored). Plain constructors and static
 * factories; no CDI, no configuration mapping, no I/O, no Vert.x (a test keeps it so), so it is unit-tested without
 * Quarkus and benchmarked in process.
 *
 * <p>Threading rules:
 * <ul>
 * <li>{@link io.apiguard.sidecar.rules.RuleEvaluator#compile} runs off the event loops (a large set takes
 * milliseconds): on the worker thread of a push or a pull. It builds every index into new objects and never mutates
 * the evaluator it is given, only reads its rate-limit buckets to carry them over.</li>
 * <li>A compiled evaluator, its rules, its address index and every {@link
 * io.apiguard.sidecar.rules.EnforcementDecision} are immutable: written once in the constructor, in final fields, and safely published through the
 * {@code AtomicReference} the caller swaps (see {@code io.apiguard.sidecar.sync.SidecarEnforcement}).</li>
 * <li>{@link io.apiguard.sidecar.rules.RuleEvaluator#evaluate} runs on every event loop at once, for every call. It
 * never blocks, takes no lock, does no I/O and allocates nothing for a call no rule is indexed under. The one mutable
 * state, the rate-limit buckets, is a lock-free compare-and-set per bucket in a bounded Caffeine cache shared by the
 * event loops. A
 * rule with a payload signature reads every part of the call (URI, headers, cookies, body values), decoded once per
 * call into an {@link io.apiguard.common.inspect.InspectedRequest}, and only when such a rule is a candidate; the
 * decision it makes then carries the {@link io.apiguard.sidecar.rules.EnforcementDecision#violation()} that says
 * where the signature matched (a new instance per such match).</li>
 * <li>{@link io.apiguard.sidecar.rules.CallFacts} is a record built by the proxy on the event loop that decides the
 * call; it is not shared between calls.</li>
 * </ul>
 */
package io.apiguard.sidecar.rules;
