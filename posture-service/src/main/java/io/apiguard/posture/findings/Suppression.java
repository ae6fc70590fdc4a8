package io.apiguard.posture.findings;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An operator's decision that a rule does not apply within a scope: one API, a namespace, or everywhere. Findings it
 * covers are suppressed; they are still evaluated and resolve when their condition clears.
 *
 * @param id        suppression id
 * @param ruleId    the rule
 * @param scope     how wide
 * @param scopeValue the API id or namespace; null for {@link Scope#ALL}
 * @param by        who: the subject of the verified token that created it
 * @param reason    why
 * @param createdAt when
 */
public record Suppression(
        String id, String ruleId, Scope scope, String scopeValue, String by, String reason, Instant createdAt) {

    /** How wide a suppression reaches. */
    public enum Scope {
        API("api"),
        NAMESPACE("namespace"),
        ALL("all");

        private final String wire;

        Scope(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        /** The scope named {@code wire}, or null. */
        public static Scope of(String wire) {
            for (Scope scope : values()) {
                if (scope.wire.equalsIgnoreCase(wire)) {
                    return scope;
                }
            }
            return null;
        }
    }

    /** Whether this suppression covers the rule {@code ruleId} on {@code apiId} in {@code namespace}. */
    public boolean covers(String ruleId, String apiId, String namespace) {
        if (!this.ruleId.equals(ruleId)) {
            return false;
        }
        return switch (scope) {
            case ALL -> true;
            case API -> scopeValue.equals(apiId);
            case NAMESPACE -> scopeValue.equals(namespace);
        };
    }
}
