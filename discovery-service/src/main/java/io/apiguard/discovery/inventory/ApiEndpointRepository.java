package io.apiguard.discovery.inventory;

import java.time.Instant;
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
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code api_endpoint} table. Reads go through Hibernate Reactive Panache; writes are batched upserts on the
 * reactive pool, because an initial sync writes thousands of rows at once and one pipelined batch beats one merge
 * (select + insert) per entity by an order of magnitude. The writes need no Hibernate session, so the informer's
 * threads call them directly.
 */
@ApplicationScoped
public class ApiEndpointRepository implements PanacheRepositoryBase<ApiEndpointEntity, String> {

    private static final String UPSERT = """
            INSERT INTO api_endpoint (id, host, path, namespace, state, exposure, source, document, updated_at, sequence)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, path = EXCLUDED.path, namespace = EXCLUDED.namespace,
                state = EXCLUDED.state, exposure = EXCLUDED.exposure, source = EXCLUDED.source,
                document = EXCLUDED.document, updated_at = EXCLUDED.updated_at, sequence = EXCLUDED.sequence
            WHERE api_endpoint.sequence <= EXCLUDED.sequence""";
    private static final String DELETE = "DELETE FROM api_endpoint WHERE id = $1";
    private static final Sort ORDER = Sort.by("host").and("path").and("id");

    private final Pool pool;
    private final ObjectMapper objectMapper;

    ApiEndpointRepository(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /**
     * Writes every endpoint in one batch; a no-op for an empty list. A row already written by a later mutation
     * ({@code sequence} higher) is left alone: writes may complete out of order on the pool's connections.
     */
    public Uni<Void> upsertAll(List<ApiEndpoint> endpoints, long sequence, Instant now) {
        if (endpoints.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(endpoints.size());
        for (ApiEndpoint endpoint : endpoints) {
            rows.add(Tuple.from(Arrays.asList(
                    endpoint.id(),
                    endpoint.host(),
                    endpoint.path(),
                    endpoint.namespace(),
                    endpoint.state().wire(),
                    endpoint.exposure() == null ? "" : endpoint.exposure().wire(),
                    endpoint.source().wire(),
                    toJson(endpoint),
                    now.atOffset(ZoneOffset.UTC),
                    sequence)));
        }
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    /** Deletes the rows of {@code ids}. */
    public Uni<Void> deleteAll(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(DELETE)
                .executeBatch(ids.stream().map(Tuple::of).toList())
                .replaceWithVoid();
    }

    /** Every endpoint, to load the inventory at start. */
    @WithSession
    public Uni<List<ApiEndpoint>> loadAll() {
        return listAll().map(this::toEndpoints);
    }

    /** One page of endpoints matching {@code filter}, ordered by host, path and id. */
    @WithSession
    public Uni<ApiPage> page(ApiFilter filter, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (filter.namespace() != null) {
            query.append(" and namespace = :namespace");
            parameters.put("namespace", filter.namespace());
        }
        if (filter.host() != null) {
            query.append(" and host = :host");
            parameters.put("host", filter.host());
        }
        if (filter.state() != null) {
            query.append(" and state = :state");
            parameters.put("state", filter.state().wire());
        }
        if (filter.exposure() != null) {
            query.append(" and exposure = :exposure");
            parameters.put("exposure", filter.exposure().wire());
        }
        var found = find(query.toString(), ORDER, parameters);
        return Uni.combine()
                .all()
                .unis(found.page(Page.of(page, size)).list(), found.count())
                .with((rows, total) -> new ApiPage(toEndpoints(rows), page, size, total));
    }

    /** One endpoint, or null. */
    @WithSession
    public Uni<ApiEndpoint> findEndpoint(String id) {
        return findById(id).map(row -> row == null ? null : fromJson(row.document));
    }

    private List<ApiEndpoint> toEndpoints(List<ApiEndpointEntity> rows) {
        return rows.stream().map(row -> fromJson(row.document)).toList();
    }

    private String toJson(ApiEndpoint endpoint) {
        return StoredJson.write(objectMapper, endpoint, "API " + endpoint.id());
    }

    private ApiEndpoint fromJson(String document) {
        return StoredJson.read(objectMapper, document, ApiEndpoint.class, "api_endpoint document");
    }
}
