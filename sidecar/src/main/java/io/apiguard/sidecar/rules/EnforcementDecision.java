package io.apiguard.sidecar.rules;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.DecisionOutcome;
import io.apiguard.common.spec.SpecCheck;

/**
 * What the sidecar does with a call: forward it, or answer it here. Immutable; the engine hands out shared instances
 * (one per rule and outcome), so deciding allocates nothing, except for a payload signature match, whose decision
 * also says where it matched ({@link #violation()}).
 *
 * <p>The proxy forwards when {@link #forwards()} (no rule, or a rule that only monitors) and otherwise answers with
 * {@link #status()} and {@link #problemJson(String)}. {@link #recordDecision()} goes into the call record either way.
 *
 * <p>Threading: immutable (final fields set in the constructor); one instance is shared by every event loop that
 * decides a call by the same rule, and a compiled evaluator publishes its instances with itself.
 */
public final class EnforcementDecision {

    /** What happens to the call. */
    public enum Outcome {
        /** No rule applies: forward. */
        FORWARD,
        /** A block rule in enforce mode matched: 403, never forwarded. */
        BLOCK,
        /** A rate-limit rule in enforce mode ran out of tokens for this caller: 429, never forwarded. */
        RATE_LIMITED,
        /** A rule matched that only monitors (or would have blocked in monitor mode): forward and record. */
        MONITORED,
        /** The engine failed and the sidecar is configured to fail closed: 503, never forwarded. */
        FAILED_CLOSED,
        /** The call breaks its API's spec, which this sidecar enforces: 400, never forwarded. */
        INVALID
    }

    /** Forward; no rule applied. */
    public static final EnforcementDecision FORWARD = new EnforcementDecision(Outcome.FORWARD, null, null);
    /** The engine failed and the sidecar fails closed. */
    public static final EnforcementDecision FAILED_CLOSED = new EnforcementDecision(Outcome.FAILED_CLOSED, null, null);

    private final Outcome outcome;
    private final String ruleId;
    private final ApiCallRecord.Violation violation;
    private final ApiCallRecord.Decision recordDecision;

    private EnforcementDecision(Outcome outcome, String ruleId, ApiCallRecord.Violation violation) {
        this.outcome = outcome;
        this.ruleId = ruleId;
        this.violation = violation;
        this.recordDecision = switch (outcome) {
            case FORWARD -> ApiCallRecord.Decision.allowed();
            case MONITORED -> new ApiCallRecord.Decision(DecisionOutcome.MONITORED, ruleId);
            case BLOCK, RATE_LIMITED, FAILED_CLOSED, INVALID ->
                new ApiCallRecord.Decision(DecisionOutcome.BLOCKED, ruleId);
        };
    }

    /** A block by {@code ruleId} (403). */
    public static EnforcementDecision block(String ruleId) {
        return new EnforcementDecision(Outcome.BLOCK, ruleId, null);
    }

    /** A rate limit by {@code ruleId} (429). */
    public static EnforcementDecision rateLimited(String ruleId) {
        return new EnforcementDecision(Outcome.RATE_LIMITED, ruleId, null);
    }

    /**
     * A call refused by the positive model (400): {@code violation} is the first spec check it breaks, and the
     * record's rule id names the check ({@code spec/unknown-property}). One instance per refused call.
     */
    public static EnforcementDecision invalid(ApiCallRecord.Violation violation) {
        return new EnforcementDecision(Outcome.INVALID, SpecCheck.KIND + "/" + violation.id(), violation);
    }

    /** {@code ruleId} matched but only monitors: the call goes on and the record says what would have happened. */
    public static EnforcementDecision monitored(String ruleId) {
        return new EnforcementDecision(Outcome.MONITORED, ruleId, null);
    }

    /**
     * The same decision, saying what a payload signature found: the rule matched because of {@code violation}. A new
     * instance (the shared ones carry none); the evaluator makes one only for a call a signature rule matched.
     */
    public EnforcementDecision withViolation(ApiCallRecord.Violation violation) {
        return new EnforcementDecision(outcome, ruleId, violation);
    }

    /**
     * What inspection found that made the deciding rule match: kind {@code signature}, the signature id, the part of
     * the call ({@code query.q}, {@code header.user-agent}, {@code cookie.session}, {@code body/items/0/name}, ...)
     * and a reason with a bounded excerpt; null when the deciding rule names no payload signature (or nothing
     * decided). The proxy adds it to the call record's {@code inspection.violations}.
     */
    public ApiCallRecord.Violation violation() {
        return violation;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The rule that decided; null for {@link Outcome#FORWARD} and {@link Outcome#FAILED_CLOSED}. */
    public String ruleId() {
        return ruleId;
    }

    /** True when the call goes on to the API ({@link Outcome#FORWARD} or {@link Outcome#MONITORED}). */
    public boolean forwards() {
        return outcome == Outcome.FORWARD || outcome == Outcome.MONITORED;
    }

    /** The HTTP status to answer with when the call is not forwarded: 403, 429 or 503; 0 when it is forwarded. */
    public int status() {
        return switch (outcome) {
            case BLOCK -> 403;
            case RATE_LIMITED -> 429;
            case FAILED_CLOSED -> 503;
            case INVALID -> 400;
            case FORWARD, MONITORED -> 0;
        };
    }

    /** The decision as the call record carries it ({@code blocked} covers rate limits too, with the rule id). */
    public ApiCallRecord.Decision recordDecision() {
        return recordDecision;
    }

    /** The {@code application/problem+json} body of a call answered here, naming the request id and the rule. */
    public String problemJson(String requestId) {
        String title = switch (outcome) {
            case BLOCK -> "Forbidden";
            case RATE_LIMITED -> "Too Many Requests";
            case FAILED_CLOSED -> "Service Unavailable";
            case INVALID -> "Bad Request";
            case FORWARD, MONITORED -> "OK";
        };
        String detail = switch (outcome) {
            case BLOCK -> "The call was blocked by an apiguard enforcement rule.";
            case RATE_LIMITED -> "The call exceeded the rate an apiguard enforcement rule allows.";
            case FAILED_CLOSED -> "The apiguard sidecar could not check the call and refuses it.";
            case INVALID -> "The call does not match its API's specification.";
            case FORWARD, MONITORED -> "The call is allowed.";
        };
        StringBuilder json = new StringBuilder(224)
                .append("{\"type\":\"https://apiguard.io/problems/")
                .append(outcome.name().toLowerCase().replace('_', '-'))
                .append("\",\"title\":\"")
                .append(title)
                .append("\",\"status\":")
                .append(status())
                .append(",\"detail\":\"")
                .append(detail)
                .append('"');
        if (ruleId != null) {
            json.append(",\"ruleId\":");
            quote(json, ruleId);
        }
        if (violation != null && !forwards()) {
            // the signature (or spec check) and where, never the excerpt or the payload: the client sees what to fix,
            // not our reading of its payload
            json.append(outcome == Outcome.INVALID ? ",\"check\":" : ",\"signature\":");
            quote(json, violation.id());
            json.append(",\"location\":");
            quote(json, violation.location());
        }
        if (requestId != null) {
            json.append(",\"requestId\":");
            quote(json, requestId);
        }
        return json.append('}').toString();
    }

    /** Appends {@code value} as a JSON string: the request id comes from the client and may hold anything. */
    private static void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    @Override
    public String toString() {
        String decided = ruleId == null ? outcome.name() : outcome + "(" + ruleId + ")";
        return violation == null ? decided : decided + " " + violation.id() + " in " + violation.location();
    }
}
