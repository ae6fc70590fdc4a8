package io.apiguard.enforcement.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.support.audit.AuditSink;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;

/** Operators' actions on rules, on {@code apiguard.audit} keyed by actor; completes when the broker has it. */
@ApplicationScoped
public class OperatorActionProducer implements AuditSink {

    private final Emitter<OperatorAction> emitter;

    OperatorActionProducer(@Channel(Topics.AUDIT) Emitter<OperatorAction> emitter) {
        this.emitter = emitter;
    }

    @Override
    public Uni<Void> publish(OperatorAction action) {
        return Uni.createFrom().completionStage(KafkaSends.acknowledged(emitter, action, action.actor()));
    }
}
