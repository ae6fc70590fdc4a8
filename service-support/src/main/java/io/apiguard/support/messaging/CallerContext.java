package io.apiguard.support.messaging;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Brings a {@link Uni}'s outcome back to the Vert.x context of the code that assembled it. The broker acknowledges on
 * the Kafka producer's thread; a request resumed there can find no request context (logging-service saw intermittent
 * 500s), and a reactive session loses its thread, so whatever waits for an acknowledgement goes on from its own
 * context.
 */
public final class CallerContext {

    private CallerContext() {}

    /**
     * Captures the current context, for {@link Uni#plug}: call it while assembling, on the caller's thread, not inside
     * a callback that may run on the producer's. A no-op outside Vert.x.
     */
    public static <T> Function<Uni<T>, Uni<T>> resume() {
        Context caller = Vertx.currentContext();
        return uni -> caller == null ? uni : uni.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }
}
