package io.apiguard.detection.audit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.support.audit.AuditSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

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
        // Deferred: an emitter that refuses at once (buffer full, channel down) fails the Uni instead of throwing.
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(action)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(action.actor()).build())))
                .ifNoItem().after(timeout).fail();
    }
}
