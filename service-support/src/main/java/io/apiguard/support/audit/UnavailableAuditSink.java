package io.apiguard.support.audit;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.OperatorAction;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/**
 * The sink of an app that has no operator actions of its own (discovery, logging, the sidecar): recording one there
 * is a programming error, and fails rather than lose the record. An app with operator actions provides its own
 * {@link AuditSink}, which replaces this one.
 */
@DefaultBean
@ApplicationScoped
public class UnavailableAuditSink implements AuditSink {

    @Override
    public Uni<Void> publish(OperatorAction action) {
        return Uni.createFrom()
                .failure(new IllegalStateException("this app has no audit sink; operator action "
                        + action.action().wire() + " not recorded"));
    }
}
