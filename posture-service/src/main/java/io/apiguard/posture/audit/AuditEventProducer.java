package io.apiguard.posture.audit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.posture.PostureConfig;
import io.apiguard.support.audit.AuditSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * posture-service's {@link AuditSink}: every operator action on {@code apiguard.audit}, keyed by actor, as a
 * CloudEvent ({@code io.apiguard.operator.action.v1}). {@link #publish} completes when the broker acknowledged the
 * record and fails when it refused it or did not answer within {@code apiguard.posture.audit-timeout}. Thread-safe.
 */
@ApplicationScoped
public class AuditEventProducer implements AuditSink {

    private final MutinyEmitter<OperatorAction> emitter;
    private final Duration timeout;

    AuditEventProducer(@Channel(Topics.AUDIT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<OperatorAction> emitter, PostureConfig config) {
        this.emitter = emitter;
        this.timeout = config.auditTimeout();
    }

    @Override
    public Uni<Void> publish(OperatorAction action) {
        // The broker's acknowledgement arrives on the Kafka producer's thread; the request goes on from the caller's
        // Vert.x context (logging-service saw requests resumed on that thread lose their request context).
        Context caller = Vertx.currentContext();
        Uni<Void> sent = emitter.sendMessage(Message.of(action)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(action.actor()).build()))
                .ifNoItem().after(timeout).fail();
        return caller == null ? sent : sent.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }
}
