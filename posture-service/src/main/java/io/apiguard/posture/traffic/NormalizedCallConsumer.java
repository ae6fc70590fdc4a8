package io.apiguard.posture.traffic;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.posture.evaluation.PostureService;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;
import io.smallrye.mutiny.Uni;

/**
 * Counts every normalized call against the inventoried API that serves it (the call's {@code apiId} when logging
 * matched one, else the route the inventory declares for its host and path). Only counters are kept, never calls. A
 * record that is not a valid call arrives without payload and is nacked to {@code apiguard.calls.normalized.dlq}.
 */
@ApplicationScoped
public class NormalizedCallConsumer {

    private final PostureService posture;
    private final TrafficService traffic;

    NormalizedCallConsumer(PostureService posture, TrafficService traffic) {
        this.posture = posture;
        this.traffic = traffic;
    }

    @Incoming(Topics.CALLS_NORMALIZED)
    public CompletionStage<Void> consume(Message<NormalizedCall> message) {
        // Calls that arrive before the persisted inventory is loaded wait for it, so they are not counted unmapped; a
        // load that failed stops the channel rather than dead-lettering every call.
        return Consumers.ackAfter(
                message,
                NormalizedCall.class,
                OnFailure.FAIL,
                normalized -> Uni.createFrom().completionStage(posture.loaded()).invoke(() -> {
                    ApiCallRecord.Api api = normalized.call().api();
                    traffic.record(posture.resolveApi(api.apiId(), api.host(), api.path()), normalized);
                }));
    }
}
