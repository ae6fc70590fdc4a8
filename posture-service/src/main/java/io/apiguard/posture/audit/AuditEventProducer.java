package io.apiguard.posture.audit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.posture.PostureConfig;
import io.apiguard.support.audit.AuditSink;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * posture-service's {@link AuditSink}: every operator action on {@code apiguard.audit}, keyed by actor, as a
 * CloudEvent ({@code io.apiguard.operator.action.v1}). {@link #publish} completes when the broker acknowledged the
 * record and fails when it refused it or did not answer within {@code apiguard.posture.audit-timeout}. Thread-safe.
 */
@ApplicationScoped
public class AuditEventProducer implements AuditSink {

    private final MutinyEmitter<OperatorAction> emitter;
    private final Duration timeout;

    AuditEventProducer(
            @Channel(Topics.AUDIT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                    MutinyEmitter<OperatorAction> emitter,
            PostureConfig config) {
        this.emitter = emitter;
        this.timeout = config.auditTimeout();
    }

    @Override
    public Uni<Void> publish(OperatorAction action) {
        return KafkaSends.acknowledgedWithin(emitter, action, action.actor(), timeout);
    }
}
