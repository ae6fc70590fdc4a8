package io.apiguard.detection.stream;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.apiguard.common.events.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Drops the per-actor state of a repartitioned-stream partition this replica no longer holds: its windows are short
 * (a minute) and whoever takes the partition over counts afresh, so nothing is handed over.
 */
@ApplicationScoped
@Identifier(ActorRebalanceListener.NAME)
public class ActorRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The listener's name in {@code consumer-rebalance-listener.name}. */
    public static final String NAME = "detection-actor-rebalance";

    private final DetectionPipeline pipeline;

    ActorRebalanceListener(DetectionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        drop(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        drop(partitions);
    }

    private void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (Topics.DETECTION_CALLS.equals(partition.topic())) {
                pipeline.engine().removeActor(partition.partition());
            }
        }
    }
}
