package io.apiguard.detection.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.incidents.DetectionService;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Feeds the call stream, one poll's batch at a time, to the partitions' pipelines and hands what it raises to the
 * {@link DetectionService} without waiting (the stream never waits on PostgreSQL). Batches because the per-message
 * overhead of the messaging layer, not the detectors, bounds a record-at-a-time consumer. A record that is not a
 * valid call (it arrives without payload: deserialization failures do not fail the channel) or that a detector fails
 * on goes to {@code apiguard.calls.normalized.dlq} with the reason; neither stops the stream. Every valid call is also
 * repartitioned by actor ({@link ActorRepartitioner}) for the per-address, per-credential and per-login-API counts.
 */
@ApplicationScoped
public class NormalizedCallConsumer {

    private static final Logger LOGGER = Logger.getLogger(NormalizedCallConsumer.class);

    private final DetectionPipeline pipeline;
    private final DetectionService detections;
    private final DeadLetterProducer deadLetters;
    private final ActorRepartitioner repartitioner;

    NormalizedCallConsumer(
            DetectionPipeline pipeline,
            DetectionService detections,
            DeadLetterProducer deadLetters,
            ActorRepartitioner repartitioner) {
        this.pipeline = pipeline;
        this.detections = detections;
        this.deadLetters = deadLetters;
        this.repartitioner = repartitioner;
    }

    @Incoming(Topics.CALLS_NORMALIZED)
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
            long timestamp = record.getTimestamp() == null
                    ? System.currentTimeMillis()
                    : record.getTimestamp().toEpochMilli();
            try {
                repartitioner.forward(normalized);
                List<KeyedDetection> found = pipeline.process(record.getPartition(), normalized.call(), timestamp);
                if (!found.isEmpty()) {
                    if (raised == null) {
                        raised = new ArrayList<>();
                    }
                    raised.addAll(found);
                }
            } catch (RuntimeException e) {
                pipeline.failed();
                LOGGER.debugf(e, "call %s failed a detector", normalized.call().id());
                deadLetters.send(record, null, "detector failure: " + e);
            }
        }
        if (raised != null) {
            detections.recordAsync(raised);
        }
        return batch.ack();
    }
}
