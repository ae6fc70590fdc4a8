package io.apiguard.detection.audit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.support.audit.AuditNotRecordedException;
import io.apiguard.support.audit.AuditSink;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * detection-service's {@link AuditSink}: operator actions on {@code apiguard.audit} as CloudEvents
 * ({@code io.apiguard.operator.action.v1}), keyed by actor. {@link #publish} completes when the broker acknowledged
 * the record and fails when it refused it or did not answer within {@code apiguard.detection.audit.ack-timeout}; the
 * caller turns a failure into {@link #notRecorded}. Thread-safe.
 */
@ApplicationScoped
public class OperatorActionProducer implements AuditSink {

    private static final int RETRY_AFTER_SECONDS = 5;

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

    /**
     * What detection-service answers for an operator action whose record {@link #publish} failed: nothing was changed
     * (its transaction rolled back), and a retry after a few seconds may find the broker back.
     */
    public static AuditNotRecordedException notRecorded(Throwable failure) {
        return new AuditNotRecordedException(
                "Audit record not written",
                "apiguard.audit did not acknowledge the record of this action, so nothing was changed; retry later",
                RETRY_AFTER_SECONDS,
                failure);
    }
}
