package io.apiguard.detection.stream;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.apiguard.common.events.NormalizedCall;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.ActorRouting;
import io.apiguard.support.messaging.KafkaSends;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes each call of the call stream once per actor it counts for ({@link ActorRouting#keys}) to
 * {@code apiguard.detection.calls}, keyed by that actor: the repartition that lets per-address, per-credential and
 * per-login-API state see all of an actor's calls. Fire and forget: the call stream's offset is committed by its batch,
 * and a record the producer could not write is counted (a lost repartitioned record costs one count of one actor, not
 * a call of the audit trail). Thread-safe.
 */
@ApplicationScoped
public class ActorRepartitioner {

    private static final Logger LOGGER = Logger.getLogger(ActorRepartitioner.class);

    /**
     * The outgoing channel to {@code Topics.DETECTION_CALLS}: not named after the topic, which names the incoming
     * channel of {@link ActorCallConsumer}; one name for both would connect them in memory, past the broker.
     */
    public static final String CHANNEL = "detection-calls-repartition";

    private final Emitter<NormalizedCall> emitter;
    private final ActorRouting routing;
    private final Counter dropped;

    ActorRepartitioner(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 100_000)
                    Emitter<NormalizedCall> emitter,
            DetectionConfig config,
            MeterRegistry registry) {
        this.emitter = emitter;
        this.routing = new ActorRouting(config.loginFailures().operations());
        this.dropped = Counter.builder("apiguard.detection.repartition.dropped")
                .description("calls not written to apiguard.detection.calls for one of their actors")
                .register(registry);
    }

    /** Sends {@code call} once per actor key it has. */
    public void forward(NormalizedCall call) {
        List<String> keys = routing.keys(call.call());
        for (int i = 0; i < keys.size(); i++) {
            try {
                KafkaSends.acknowledged(emitter, call, keys.get(i)).exceptionally(failure -> {
                    dropped.increment();
                    return null;
                });
            } catch (RuntimeException e) {
                // The emitter's buffer is full: the broker is far behind; count rather than stall the call stream.
                dropped.increment();
                LOGGER.debugf("call %s not repartitioned: %s", call.call().id(), e.getMessage());
            }
        }
    }

    /** The routing in use. */
    public ActorRouting routing() {
        return routing;
    }

    /** Repartitioned records the producer refused or could not write. */
    public double dropped() {
        return dropped.count();
    }
}
