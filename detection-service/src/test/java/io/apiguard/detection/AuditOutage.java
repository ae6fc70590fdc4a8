package io.apiguard.detection;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.support.audit.AuditSink;
import io.smallrye.mutiny.Uni;

/**
 * Lets a test make {@code apiguard.audit} refuse operator actions, as a broker that nacks or never answers would,
 * without stopping the shared broker. Passes everything through unless a test {@link #begin begins} an outage.
 */
@Decorator
@Priority(1)
public abstract class AuditOutage implements AuditSink {

    private static final AtomicBoolean DOWN = new AtomicBoolean();

    private final AuditSink delegate;

    @Inject
    AuditOutage(@Delegate AuditSink delegate) {
        this.delegate = delegate;
    }

    /** From now on every audit record fails. */
    public static void begin() {
        DOWN.set(true);
    }

    /** Audit records go through again. */
    public static void end() {
        DOWN.set(false);
    }

    @Override
    public Uni<Void> publish(OperatorAction action) {
        if (DOWN.get()) {
            return Uni.createFrom().failure(new IllegalStateException("apiguard.audit is down (test outage)"));
        }
        return delegate.publish(action);
    }
}
