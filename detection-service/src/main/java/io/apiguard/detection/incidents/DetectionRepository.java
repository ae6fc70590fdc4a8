package io.apiguard.detection.incidents;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.apiguard.common.events.Detection;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.IncidentTracker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code detection} table on the reactive pool (no Hibernate session, so the stream's threads call it directly).
 * Upserts keep the newest version of an incident and never reopen one an operator marked false positive.
 */
@ApplicationScoped
public class DetectionRepository {

    private static final String UPSERT = """
            INSERT INTO detection (id, type, severity, severity_rank, subject, incident_key, state, window_start,
                window_end, updated_at, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (id) DO UPDATE SET severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
                state = EXCLUDED.state, window_start = LEAST(detection.window_start, EXCLUDED.window_start),
                window_end = EXCLUDED.window_end, updated_at = EXCLUDED.updated_at, document = EXCLUDED.document
            WHERE detection.state <> 'false-positive' AND detection.updated_at <= EXCLUDED.updated_at""";
    private static final String FIND = "SELECT document FROM detection WHERE id = $1";
    private static final String MARK = "UPDATE detection SET state = 'false-positive', document = $2, updated_at = $3 WHERE id = $1";

    private final Pool pool;

    DetectionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Upserts every detection in one batch; a no-op for an empty list. */
    public Uni<Void> upsertAll(List<Detection> detections) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            rows.add(Tuple.from(Arrays.asList(d.id(), d.type(), d.severity().wire(), d.severity().ordinal(), d.subject(),
                    IncidentTracker.incidentKey(d), d.state().wire(), utc(d.windowStart()), utc(d.windowEnd()),
                    utc(d.updatedAt()), toJson(d))));
        }
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    /** The detection {@code id}, or null. */
    public Uni<Detection> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? fromJson(it.next().getString(0)) : null;
        });
    }

    /** Replaces the detection with its false-positive version. */
    public Uni<Void> markFalsePositive(Detection detection) {
        return pool.preparedQuery(MARK).execute(Tuple.of(detection.id(), toJson(detection), utc(detection.updatedAt())))
                .replaceWithVoid();
    }

    /** One page of detections matching {@code filter}, newest update first. */
    public Uni<DetectionPage> page(DetectionFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.subject() != null) {
            params.add(filter.subject());
            where.append(" AND subject = $").append(params.size());
        }
        if (filter.type() != null) {
            params.add(filter.type());
            where.append(" AND type = $").append(params.size());
        }
        if (filter.severity() != null) {
            params.add(filter.severity().ordinal());
            where.append(" AND severity_rank >= $").append(params.size());
        }
        if (filter.state() != null) {
            params.add(filter.state().wire());
            where.append(" AND state = $").append(params.size());
        }
        if (filter.from() != null) {
            params.add(utc(filter.from()));
            where.append(" AND window_end >= $").append(params.size());
        }
        if (filter.to() != null) {
            params.add(utc(filter.to()));
            where.append(" AND window_start <= $").append(params.size());
        }
        Tuple countParams = Tuple.from(new ArrayList<>(params));
        params.add(size);
        params.add((long) page * size);
        String select = "SELECT document FROM detection" + where + " ORDER BY updated_at DESC, id LIMIT $"
                + (params.size() - 1) + " OFFSET $" + params.size();
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM detection" + where).execute(countParams)
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<Detection>> items = pool.preparedQuery(select).execute(Tuple.from(params)).map(this::toDetections);
        return Uni.combine().all().unis(items, total).asTuple()
                .map(result -> new DetectionPage(result.getItem1(), page, size, result.getItem2()));
    }

    private List<Detection> toDetections(RowSet<Row> rows) {
        List<Detection> detections = new ArrayList<>(rows.size());
        for (Row row : rows) {
            detections.add(fromJson(row.getString(0)));
        }
        return detections;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String toJson(Detection detection) {
        try {
            return EventJson.mapper().writeValueAsString(detection);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write detection " + detection.id(), e);
        }
    }

    private static Detection fromJson(String json) {
        try {
            return EventJson.mapper().readValue(json, Detection.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable detection document", e);
        }
    }
}
