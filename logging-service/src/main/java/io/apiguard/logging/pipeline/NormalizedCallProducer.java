package io.apiguard.logging.pipeline;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.common.events.ActorKeys;
import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Publishes normalized calls on {@code apiguard.calls.normalized}, keyed by the caller so that one caller's calls
 * stay in order on one partition (detection keeps per-caller state per partition). Anonymous calls are keyed by
 * client address, the only identity they have.
 */
@ApplicationScoped
public class NormalizedCallProducer {

    private final MutinyEmitter<NormalizedCall> emitter;

    NormalizedCallProducer(
            @Channel(Topics.CALLS_NORMALIZED) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65_536)
                    MutinyEmitter<NormalizedCall> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends every call; emits, once each send has been acknowledged or has failed, the calls the broker acknowledged
     * (a failed send is not an error here: the caller keeps the call owed to the stream and sends it again later).
     */
    public Uni<List<NormalizedCall>> publish(List<NormalizedCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Boolean>> sends = new ArrayList<>(calls.size());
        for (NormalizedCall call : calls) {
            sends.add(emitter.sendMessage(KafkaSends.keyed(call, key(call.call())))
                    .replaceWith(Boolean.TRUE)
                    .onFailure()
                    .recoverWithItem(Boolean.FALSE));
        }
        return Uni.join().all(sends).andFailFast().map(acknowledged -> {
            List<NormalizedCall> published = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                if (acknowledged.get(i)) {
                    published.add(calls.get(i));
                }
            }
            return published;
        });
    }

    /** The partitioning key of a call: its subject, else its client address, else its id. */
    static String key(ApiCallRecord call) {
        if (call.identity().subject() != null) {
            return call.identity().subject();
        }
        if (call.source() != null && call.source().clientIp() != null) {
            return ActorKeys.ofAddress(call.source().clientIp());
        }
        return call.id().toString();
    }
}
