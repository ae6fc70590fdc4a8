package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Payload of {@code apiguard.audit}: something a person (or a workload) did through an apiguard API, attributed to the
 * verified token that did it. Every service publishes its own; logging-service keeps them beside the enforcement
 * audit.
 *
 * @param id         unique per action (the idempotency key of the audit trail)
 * @param occurredAt when the action took effect
 * @param service    the app that performed it, e.g. {@code posture-service}
 * @param actor      the token's principal: the operator's user name, or {@code system:serviceaccount:<ns>:<name>}
 * @param actorRoles apiguard's roles the actor held
 * @param action     what was done
 * @param targetType the kind of thing acted on: {@code finding}, {@code suppression}, {@code detection},
 *                   {@code allowlist-entry}, {@code rule}
 * @param targetId   its id
 * @param reason     the reason the actor gave, if any
 * @param details    further facts of the action (scope, expiry, match), as text
 */
public record OperatorAction(
        UUID id,
        Instant occurredAt,
        String service,
        String actor,
        List<String> actorRoles,
        OperatorActionKind action,
        String targetType,
        String targetId,
        String reason,
        Map<String, String> details) {

    public OperatorAction {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.text(service, "service");
        Require.text(actor, "actor");
        Require.present(action, "action");
        Require.text(targetType, "targetType");
        Require.text(targetId, "targetId");
        actorRoles = actorRoles == null ? List.of() : List.copyOf(actorRoles);
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
