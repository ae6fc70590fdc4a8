package io.apiguard.support.audit;

import io.apiguard.common.events.OperatorAction;
import io.smallrye.mutiny.Uni;

/**
 * Where an app's operator actions go: its Kafka emitter on {@code apiguard.audit} ({@code Topics.AUDIT}), keyed by actor.
 * Each app that has operator actions provides one bean; the {@link Uni} completes when the broker acknowledged the
 * action, so a change whose audit record cannot be written fails (and is rolled back where it runs in a transaction).
 */
public interface AuditSink {

    /** Publishes {@code action}; completes once it is acknowledged. */
    Uni<Void> publish(OperatorAction action);
}
