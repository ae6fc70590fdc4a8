package io.apiguard.detection.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.apiguard.common.events.Topics;
import io.apiguard.detection.baseline.BaselineStore;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Hands partition state over on rebalances: a revoked partition's baselines are written to PostgreSQL and its state
 * dropped; an assigned partition starts from the baselines last written for it, by whichever replica held it. Runs on
 * the consumer's polling thread, where blocking is allowed and holds the rebalance until the hand-over is done.
 */
@ApplicationScoped
@Identifier(PartitionRebalanceListener.NAME)
public class PartitionRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The listener's name in {@code consumer-rebalance-listener.name}. */
    public static final String NAME = "detection-rebalance";

    private static final Logger LOGGER = Logger.getLogger(PartitionRebalanceListener.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final BaselineStore store;
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();

    PartitionRebalanceListener(BaselineStore store) {
        this.store = store;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (Topics.CALLS_NORMALIZED.equals(partition.topic())) {
                assigned.add(partition.partition());
                try {
                    store.reload(partition.partition()).await().atMost(TIMEOUT);
                } catch (RuntimeException e) {
                    LOGGER.warnf("partition %d starts without baselines: %s", partition.partition(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (Topics.CALLS_NORMALIZED.equals(partition.topic())) {
                assigned.remove(partition.partition());
                try {
                    store.persistAndDrop(partition.partition(), Instant.now())
                            .await()
                            .atMost(TIMEOUT);
                } catch (RuntimeException e) {
                    LOGGER.warnf(
                            "baselines of partition %d not saved on revocation: %s",
                            partition.partition(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Another replica may already own them: drop without writing over what it saves.
        for (TopicPartition partition : partitions) {
            if (Topics.CALLS_NORMALIZED.equals(partition.topic())) {
                assigned.remove(partition.partition());
                store.drop(partition.partition());
            }
        }
    }

    /** The call-stream partitions this replica holds. */
    public Set<Integer> assigned() {
        return Set.copyOf(assigned);
    }
}
