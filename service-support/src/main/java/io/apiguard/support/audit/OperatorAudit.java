package io.apiguard.support.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.support.security.Actor;
import io.smallrye.mutiny.Uni;

/**
 * Records what an {@link Actor} did: the actor comes from the caller's verified token ({@link Actor#of}), never from a
 * request body, and the record names this app, the action, what it was done to, and why.
 */
@ApplicationScoped
public class OperatorAudit {

    private final AuditSink sink;
    private final String service;
    private final Clock clock;

    @Inject
    OperatorAudit(AuditSink sink, @ConfigProperty(name = "quarkus.application.name") String service) {
        this(sink, service, Clock.systemUTC());
    }

    OperatorAudit(AuditSink sink, String service, Clock clock) {
        this.sink = sink;
        this.service = service;
        this.clock = clock;
    }

    /**
     * Publishes the action; completes once it is acknowledged, and fails with the sink's failure otherwise, which the
     * caller answers with an {@link AuditNotRecordedException} worded for its API.
     *
     * @param actor      who did it
     * @param action     what was done
     * @param targetType the kind of thing acted on
     * @param targetId   its id
     * @param reason     the actor's reason, if any
     * @param details    further facts (scope, expiry, match)
     */
    public Uni<Void> record(
            Actor actor,
            OperatorActionKind action,
            String targetType,
            String targetId,
            String reason,
            Map<String, String> details) {
        return sink.publish(new OperatorAction(
                UUID.randomUUID(),
                clock.instant(),
                service,
                actor.subject(),
                List.copyOf(actor.roles()),
                action,
                targetType,
                targetId,
                reason,
                details));
    }
}
