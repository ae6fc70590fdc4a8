package io.apiguard.detection.incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;

/**
 * Publishes detections on {@code apiguard.detections} as CloudEvents, keyed by incident key (the subject,
 * {@code ip:<address>} or {@code fp:<fingerprint>}), so every version of one incident lands on one partition in order.
 */
@ApplicationScoped
public class DetectionProducer {

    private final Emitter<Detection> emitter;

    DetectionProducer(
            @Channel(Topics.DETECTIONS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 100_000)
                    Emitter<Detection> emitter) {
        this.emitter = emitter;
    }

    /** Publishes every detection; completes when the broker acknowledged all of them. */
    public Uni<Void> publish(List<KeyedDetection> detections) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(detections.size());
        for (KeyedDetection keyed : detections) {
            acks.add(KafkaSends.acknowledged(emitter, keyed.detection(), keyed.incidentKey()));
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
    }
}
