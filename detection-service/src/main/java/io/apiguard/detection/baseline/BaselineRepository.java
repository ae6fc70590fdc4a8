package io.apiguard.detection.baseline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code detector_baseline} table: each partition's learned baselines, one JSON document per detector. */
@ApplicationScoped
public class BaselineRepository {

    private static final String UPSERT = """
            INSERT INTO detector_baseline (topic_partition, detector, snapshot, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (topic_partition, detector) DO UPDATE SET snapshot = EXCLUDED.snapshot,
                updated_at = EXCLUDED.updated_at""";
    private static final String LOAD = "SELECT detector, snapshot FROM detector_baseline WHERE topic_partition = $1";

    private final Pool pool;

    BaselineRepository(Pool pool) {
        this.pool = pool;
    }

    /** Writes the baselines of {@code partition} (detector name to JSON) in one batch. */
    public Uni<Void> save(int partition, Map<String, String> snapshot, Instant now) {
        if (snapshot.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(snapshot.size());
        snapshot.forEach(
                (detector, json) -> rows.add(Tuple.of(partition, detector, json, now.atOffset(ZoneOffset.UTC))));
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    /** The baselines of {@code partition}, detector name to JSON; empty when none were saved. */
    public Uni<Map<String, String>> load(int partition) {
        return pool.preparedQuery(LOAD).execute(Tuple.of(partition)).map(rows -> {
            Map<String, String> snapshot = new LinkedHashMap<>();
            for (Row row : rows) {
                snapshot.put(row.getString("detector"), row.getString("snapshot"));
            }
            return snapshot;
        });
    }
}
