package io.apiguard.logging.enforcement;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.EnforcementEvent;
import io.apiguard.common.events.Topics;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;

/**
 * Keeps every event of {@code apiguard.enforcement} as an audit record. A message that is not an enforcement event
 * arrives without payload and is nacked to {@code apiguard.enforcement.dlq}.
 */
@ApplicationScoped
public class EnforcementEventConsumer {

    private final EnforcementAuditRepository audit;

    EnforcementEventConsumer(EnforcementAuditRepository audit) {
        this.audit = audit;
    }

    @Incoming(Topics.ENFORCEMENT)
    public CompletionStage<Void> consume(Message<EnforcementEvent> message) {
        return Consumers.ackAfter(message, EnforcementEvent.class, OnFailure.NACK, audit::record);
    }
}
