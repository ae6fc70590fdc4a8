package io.apiguard.posture.inventory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.json.StoredJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code posture_api} table, on the reactive pool: the inventory as last announced and when each API was last
 * evaluated. Needs no Hibernate session, so Kafka and scheduler threads call it directly.
 */
@ApplicationScoped
public class ApiRepository {

    private static final String UPSERT = """
            INSERT INTO posture_api (id, namespace, document, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET namespace = EXCLUDED.namespace, document = EXCLUDED.document,
                updated_at = EXCLUDED.updated_at""";
    private static final String EVALUATED = """
            UPDATE posture_api SET evaluated_at = u.at
            FROM UNNEST($1::text[], $2::timestamptz[]) AS u(id, at)
            WHERE posture_api.id = u.id AND (posture_api.evaluated_at IS NULL OR posture_api.evaluated_at < u.at)""";

    private final Pool pool;
    private final ObjectMapper objectMapper;

    ApiRepository(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /** Writes the API as announced. */
    public Uni<Void> upsert(ApiEndpoint endpoint, Instant now) {
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.from(Arrays.asList(
                        endpoint.id(), endpoint.namespace(), toJson(endpoint), now.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** Deletes the API. */
    public Uni<Void> delete(String id) {
        return pool.preparedQuery("DELETE FROM posture_api WHERE id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Records evaluation times in one statement; older times never overwrite newer ones. */
    public Uni<Void> markEvaluated(Map<String, Instant> evaluatedAt) {
        if (evaluatedAt.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = new String[evaluatedAt.size()];
        OffsetDateTime[] times = new OffsetDateTime[evaluatedAt.size()];
        int i = 0;
        for (Map.Entry<String, Instant> entry : evaluatedAt.entrySet()) {
            ids[i] = entry.getKey();
            times[i++] = entry.getValue().atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(EVALUATED).execute(Tuple.of(ids, times)).replaceWithVoid();
    }

    /** Everything persisted, to load at start. */
    public Uni<Loaded> loadAll() {
        return pool.query("SELECT document, evaluated_at FROM posture_api")
                .execute()
                .map(rows -> {
                    List<ApiEndpoint> endpoints = new ArrayList<>();
                    Map<String, Instant> evaluated = new HashMap<>();
                    for (Row row : rows) {
                        ApiEndpoint endpoint = fromJson(row.getString("document"));
                        endpoints.add(endpoint);
                        OffsetDateTime at = row.getOffsetDateTime("evaluated_at");
                        if (at != null) {
                            evaluated.put(endpoint.id(), at.toInstant());
                        }
                    }
                    return new Loaded(endpoints, evaluated);
                });
    }

    /** The persisted inventory and evaluation times. */
    public record Loaded(List<ApiEndpoint> endpoints, Map<String, Instant> evaluatedAt) {}

    private String toJson(ApiEndpoint endpoint) {
        return StoredJson.write(objectMapper, endpoint, "API " + endpoint.id());
    }

    private ApiEndpoint fromJson(String document) {
        return StoredJson.read(objectMapper, document, ApiEndpoint.class, "posture_api document");
    }
}
