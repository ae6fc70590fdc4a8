package io.apiguard.sidecar.rules;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.inspect.Signature;
import io.apiguard.common.net.IpAddress;
import io.apiguard.common.net.IpRange;

/**
 * One rule ready for the hot path: its match fields, its address block parsed, its payload signature compiled, its
 * decisions pre-built and, for a rate limit, its buckets.
 *
 * <p>Threading: built on the thread that compiles a rule set; immutable apart from the buckets (final fields, safely
 * published with the evaluator), read by every event loop at once.
 */
final class CompiledRule {

    /** Rank of what the rule does to a matching call; the highest rank among matching rules decides. */
    static final int RANK_MONITOR = 1;

    static final int RANK_RATE_LIMIT = 2;
    static final int RANK_BLOCK = 3;

    final String id;
    final String subject;
    final String credentialFingerprint;
    final IpRange cidr;
    final String apiId;
    final String method;
    final String pathTemplate;
    /** The payload signature, compiled with its triggers; null when the rule names none. */
    final Signature signature;

    final RuleAction action;
    final boolean enforce;
    final long expiresAtMillis;
    final RateLimiter limiter;
    /** What a match decides: block, rate-limited or monitored as the action and mode say. */
    final EnforcementDecision onMatch;
    /** Rank of {@link #onMatch}: block in enforce mode 3, rate limit in enforce mode 2, anything monitored 1. */
    final int rank;
    /** The field the evaluator found this rule by (already matched, not checked again). */
    final Anchor anchor;

    /** Which index holds a rule: the most selective field it has. */
    enum Anchor {
        SUBJECT,
        FINGERPRINT,
        ADDRESS,
        API,
        TEMPLATE,
        NONE
    }

    CompiledRule(EnforcementRule rule, RuleMode mode, Signature signature, RateLimiter limiter) {
        EnforcementRule.Match match = rule.match();
        this.id = rule.id();
        this.subject = match.subject();
        this.credentialFingerprint = match.credentialFingerprint();
        this.cidr = match.clientCidr() == null ? null : IpRange.parse(match.clientCidr());
        this.apiId = match.apiId();
        this.method = match.method();
        this.pathTemplate = match.pathTemplate();
        this.signature = signature;
        this.action = rule.action();
        this.enforce = mode == RuleMode.ENFORCE;
        this.expiresAtMillis =
                rule.expiresAt() == null ? Long.MAX_VALUE : rule.expiresAt().toEpochMilli();
        this.limiter = limiter;
        if (subject != null) {
            anchor = Anchor.SUBJECT;
        } else if (credentialFingerprint != null) {
            anchor = Anchor.FINGERPRINT;
        } else if (cidr != null) {
            anchor = Anchor.ADDRESS;
        } else if (apiId != null) {
            anchor = Anchor.API;
        } else if (pathTemplate != null) {
            anchor = Anchor.TEMPLATE;
        } else {
            anchor = Anchor.NONE;
        }
        if (!enforce || action == RuleAction.MONITOR) {
            this.onMatch = EnforcementDecision.monitored(id);
            this.rank = RANK_MONITOR;
        } else if (action == RuleAction.BLOCK) {
            this.onMatch = EnforcementDecision.block(id);
            this.rank = RANK_BLOCK;
        } else {
            this.onMatch = EnforcementDecision.rateLimited(id);
            this.rank = RANK_RATE_LIMIT;
        }
    }

    /**
     * Every field but the payload signature matches (the signature needs the decoded request, see the evaluator).
     *
     * @param client the call's client address, parsed once per call; null when it has none or it is not an address
     */
    boolean matchesFields(CallFacts facts, IpAddress client, long nowMillis) {
        return nowMillis < expiresAtMillis
                && (subject == null || subject.equals(facts.subject()))
                && (credentialFingerprint == null || credentialFingerprint.equals(facts.credentialFingerprint()))
                && (apiId == null || apiId.equals(facts.apiId()))
                && (method == null || method.equals(facts.method()))
                && (pathTemplate == null
                        || pathTemplate.equals(facts.pathTemplate())
                        || pathTemplate.equals(facts.routeTemplate()))
                // the address index already matched ADDRESS rules
                && (cidr == null || anchor == Anchor.ADDRESS || cidr.contains(client));
    }
}
