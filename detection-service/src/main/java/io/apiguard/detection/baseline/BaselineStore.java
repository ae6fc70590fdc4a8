package io.apiguard.detection.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.PartitionPipeline;
import io.apiguard.detection.stream.DetectionPipeline;
import io.smallrye.mutiny.Uni;

/**
 * Moves learned baselines between the in-memory pipelines and PostgreSQL: periodically for every partition held,
 * on revocation for the partition leaving, and on assignment back into a fresh pipeline.
 */
@ApplicationScoped
public class BaselineStore {

    private final BaselineRepository repository;
    private final DetectionPipeline pipeline;
    private volatile boolean closing;

    BaselineStore(BaselineRepository repository, DetectionPipeline pipeline) {
        this.repository = repository;
        this.pipeline = pipeline;
    }

    /** Replaces the state of {@code partition} with a fresh pipeline holding its saved baselines. */
    public Uni<Void> reload(int partition) {
        return repository
                .load(partition)
                .invoke(snapshot -> {
                    PartitionPipeline fresh = pipeline.engine().reset(partition);
                    fresh.restore(snapshot, EventJson.mapper());
                })
                .replaceWithVoid();
    }

    /** Saves the baselines of {@code partition}, then drops its state. */
    public Uni<Void> persistAndDrop(int partition, Instant now) {
        PartitionPipeline held = pipeline.engine().remove(partition);
        if (held == null || closing) {
            return Uni.createFrom().voidItem();
        }
        return repository.save(partition, held.snapshot(EventJson.mapper()), now);
    }

    /** Drops the state of {@code partition} without saving. */
    public void drop(int partition) {
        pipeline.engine().remove(partition);
    }

    /**
     * Called at shutdown once {@link #persistAll(Instant)} ran: the consumers' final revocation only drops state,
     * since the pool is closing and everything was just saved.
     */
    public void closing() {
        closing = true;
    }

    /** Saves the baselines of every partition held. */
    public Uni<Void> persistAll(Instant now) {
        List<Uni<Void>> saves = new ArrayList<>();
        for (PartitionPipeline held : pipeline.engine().pipelines()) {
            Map<String, String> snapshot = held.snapshot(EventJson.mapper());
            saves.add(repository.save(held.partition(), snapshot, now));
        }
        return saves.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(saves).andFailFast().replaceWithVoid();
    }
}
