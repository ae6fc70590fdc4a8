package io.apiguard.detection.audit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.support.audit.AuditSink;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * detection-service's {@link AuditSink}: operator actions on {@code apiguard.audit} as CloudEvents
 * ({@code io.apiguard.operator.action.v1}), keyed by actor. {@link #publish} completes when the broker acknowledged
 * the record and fails when it refused it or did not answer within {@code apiguard.detection.audit.ack-timeout}; the
 * caller turns a failure into {@link AuditNotRecordedException}. Thread-safe.
 */
@ApplicationScoped
public class OperatorActionProducer implements AuditSink {

    private final MutinyEmitter<OperatorAction> emitter;
    private final Duration timeout;

    OperatorActionProducer(@Channel(Topics.AUDIT) MutinyEmitter<OperatorAction> emitter, DetectionConfig config) {
        this.emitter = emitter;
        this.timeout = config.audit().ackTimeout();
    }

    @Override
    public Uni<Void> publish(OperatorAction action) {
        return KafkaSends.acknowledgedWithin(emitter, action, action.actor(), timeout);
    }
}
