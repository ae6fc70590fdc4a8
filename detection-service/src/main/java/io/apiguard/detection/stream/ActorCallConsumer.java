package io.apiguard.detection.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.engine.ActorRouting;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.incidents.DetectionService;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Feeds the repartitioned stream ({@code apiguard.detection.calls}, keyed by actor) to the per-actor logic of the
 * detectors, one poll's batch at a time, as {@link NormalizedCallConsumer} does for the call stream. The topic is
 * detection's own, yet read as hostile as any: a record that is not a call, whose key is not an actor key, or that a
 * detector fails on goes to {@code apiguard.detection.calls.dlq} with the reason; none stops the stream.
 */
@ApplicationScoped
public class ActorCallConsumer {

    private static final Logger LOGGER = Logger.getLogger(ActorCallConsumer.class);

    private final DetectionPipeline pipeline;
    private final DetectionService detections;
    private final ActorDeadLetterProducer deadLetters;

    ActorCallConsumer(DetectionPipeline pipeline, DetectionService detections, ActorDeadLetterProducer deadLetters) {
        this.pipeline = pipeline;
        this.detections = detections;
        this.deadLetters = deadLetters;
    }

    @Incoming(Topics.DETECTION_CALLS)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, NormalizedCall> batch) {
        List<KeyedDetection> raised = null;
        for (KafkaRecord<String, NormalizedCall> record : batch) {
            NormalizedCall normalized = record.getPayload();
            if (normalized == null) {
                pipeline.failed();
                deadLetters.send(
                        record, DeadLetterProducer.failedData(record), DeadLetterProducer.failureReason(record));
                continue;
            }
            String key = record.getKey();
            if (!ActorRouting.validKey(key)) {
                pipeline.failed();
                deadLetters.send(record, null, "not an actor key (ip:, fp: or login:)");
                continue;
            }
            try {
                List<KeyedDetection> found =
                        pipeline.engine().processActor(record.getPartition(), key, normalized.call());
                if (!found.isEmpty()) {
                    if (raised == null) {
                        raised = new ArrayList<>();
                    }
                    raised.addAll(found);
                }
            } catch (RuntimeException e) {
                pipeline.failed();
                LOGGER.debugf(
                        e,
                        "call %s failed a detector under %s",
                        normalized.call().id(),
                        key);
                deadLetters.send(record, null, "detector failure: " + e);
            }
        }
        if (raised != null) {
            detections.recordAsync(raised);
        }
        return batch.ack();
    }
}
