package io.apiguard.posture.traffic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.json.StoredJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code traffic_window} table: each API's counters, written in batches by the periodic flush. */
@ApplicationScoped
public class TrafficRepository {

    private static final String UPSERT = """
            INSERT INTO traffic_window (api_id, document, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (api_id) DO UPDATE SET document = EXCLUDED.document, updated_at = EXCLUDED.updated_at""";

    private final Pool pool;
    private final ObjectMapper objectMapper;

    TrafficRepository(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /** Writes the counters of every API in {@code states}, in one batch. */
    public Uni<Void> upsertAll(Map<String, ApiTraffic.State> states, Instant now) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(states.size());
        states.forEach((apiId, state) -> rows.add(Tuple.of(apiId, toJson(state), now.atOffset(ZoneOffset.UTC))));
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    /** Deletes the counters of an API that left the inventory. */
    public Uni<Void> delete(String apiId) {
        return pool.preparedQuery("DELETE FROM traffic_window WHERE api_id = $1")
                .execute(Tuple.of(apiId))
                .replaceWithVoid();
    }

    /** Every API's persisted counters. */
    public Uni<Map<String, ApiTraffic.State>> loadAll() {
        return pool.query("SELECT api_id, document FROM traffic_window")
                .execute()
                .map(rows -> {
                    Map<String, ApiTraffic.State> states = new LinkedHashMap<>();
                    for (Row row : rows) {
                        states.put(row.getString("api_id"), fromJson(row.getString("document")));
                    }
                    return states;
                });
    }

    private String toJson(ApiTraffic.State state) {
        return StoredJson.write(objectMapper, state, "traffic counters");
    }

    private ApiTraffic.State fromJson(String document) {
        return StoredJson.read(objectMapper, document, ApiTraffic.State.class, "traffic_window document");
    }
}
