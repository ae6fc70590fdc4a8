package io.apiguard.detection.incidents;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.Detection;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.json.StoredJson;
import io.apiguard.detection.allowlist.AllowlistRepository;
import io.apiguard.detection.engine.KeyedDetection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code detection} table on the reactive pool (no Hibernate session, so the stream's threads call it directly).
 * Upserts keep the newest version of an incident and never reopen one an operator marked false positive while the
 * verdict's allowlist entry is active; once it expired or was withdrawn, a new version reopens it. Writes of a verdict
 * take the caller's {@link SqlClient}, so they join the transaction that audits them.
 */
@ApplicationScoped
public class DetectionRepository {

    // A false-positive row is overwritten only when no active entry covers its type and key: until then a version
    // raised before the verdict took effect (in flight on the stream) must not undo it. The verdict's columns are
    // cleared by a new version, which only a detection no longer judged a false positive receives.
    private static final String UPSERT = """
            INSERT INTO detection (id, type, severity, severity_rank, subject, incident_key, state, window_start,
                window_end, updated_at, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (id) DO UPDATE SET severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
                state = EXCLUDED.state, window_start = LEAST(detection.window_start, EXCLUDED.window_start),
                window_end = EXCLUDED.window_end, updated_at = EXCLUDED.updated_at, document = EXCLUDED.document,
                false_positive_by = NULL, false_positive_reason = NULL, false_positive_at = NULL,
                allowlist_entry = NULL
            WHERE detection.updated_at <= EXCLUDED.updated_at
                AND (detection.state <> 'false-positive' OR NOT EXISTS (SELECT 1 FROM detector_allowlist a
                    WHERE a.type = detection.type AND a.incident_key = detection.incident_key
                        AND %s))""".formatted(AllowlistRepository.activeCondition("a", "$12"));
    private static final String VIEW = """
            SELECT d.document, d.false_positive_by, d.false_positive_reason, d.false_positive_at, d.allowlist_entry,
                a.expires_at
            FROM detection d LEFT JOIN detector_allowlist a ON a.id = d.allowlist_entry""";
    private static final String FIND = VIEW + " WHERE d.id = $1";
    private static final String FIND_FOR_UPDATE =
            "SELECT document, incident_key FROM detection WHERE id = $1 FOR UPDATE";
    private static final String MARK = """
            UPDATE detection SET state = 'false-positive', document = $2, updated_at = $3, false_positive_by = $4,
                false_positive_reason = $5, false_positive_at = $6, allowlist_entry = $7
            WHERE id = $1""";

    private final Pool pool;

    DetectionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Upserts every detection in one batch, judging allowlist expiry at {@code now}; a no-op for an empty list. */
    public Uni<Void> upsertAll(List<KeyedDetection> detections, Instant now) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(detections.size());
        for (KeyedDetection keyed : detections) {
            Detection d = keyed.detection();
            rows.add(Tuple.from(Arrays.asList(
                    d.id(),
                    d.type(),
                    d.severity().wire(),
                    d.severity().ordinal(),
                    d.subject(),
                    keyed.incidentKey(),
                    d.state().wire(),
                    utc(d.windowStart()),
                    utc(d.windowEnd()),
                    utc(d.updatedAt()),
                    toJson(d),
                    utc(now))));
        }
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    /** The detection {@code id} with its verdict, or null. */
    public Uni<DetectionView> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            return it.hasNext() ? view(it.next()) : null;
        });
    }

    /** The detection {@code id} with its incident key, locked for the rest of the transaction, or null. */
    public Uni<KeyedDetection> findForUpdate(SqlClient client, String id) {
        return client.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row row = it.next();
            return new KeyedDetection(row.getString(1), fromJson(row.getString(0)));
        });
    }

    /** Replaces the detection with its false-positive version and records the verdict (replacing an older one). */
    public Uni<Void> markFalsePositive(SqlClient client, Detection marked, FalsePositiveVerdict verdict) {
        return client.preparedQuery(MARK)
                .execute(Tuple.from(Arrays.asList(
                        marked.id(),
                        toJson(marked),
                        utc(marked.updatedAt()),
                        verdict.by(),
                        verdict.reason(),
                        utc(verdict.at()),
                        verdict.allowlistEntry())))
                .replaceWithVoid();
    }

    /** One page of detections matching {@code filter}, newest update first. */
    public Uni<DetectionPage> page(DetectionFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.subject() != null) {
            params.add(filter.subject());
            where.append(" AND d.subject = $").append(params.size());
        }
        if (filter.type() != null) {
            params.add(filter.type());
            where.append(" AND d.type = $").append(params.size());
        }
        if (filter.severity() != null) {
            params.add(filter.severity().ordinal());
            where.append(" AND d.severity_rank >= $").append(params.size());
        }
        if (filter.state() != null) {
            params.add(filter.state().wire());
            where.append(" AND d.state = $").append(params.size());
        }
        if (filter.from() != null) {
            params.add(utc(filter.from()));
            where.append(" AND d.window_end >= $").append(params.size());
        }
        if (filter.to() != null) {
            params.add(utc(filter.to()));
            where.append(" AND d.window_start <= $").append(params.size());
        }
        Tuple countParams = Tuple.from(new ArrayList<>(params));
        params.add(size);
        params.add((long) page * size);
        String select = VIEW + where + " ORDER BY d.updated_at DESC, d.id LIMIT $" + (params.size() - 1) + " OFFSET $"
                + params.size();
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM detection d" + where)
                .execute(countParams)
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<DetectionView>> items = pool.preparedQuery(select)
                .execute(Tuple.from(params))
                .map(rows -> {
                    List<DetectionView> views = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        views.add(view(row));
                    }
                    return views;
                });
        return Uni.combine()
                .all()
                .unis(items, total)
                .asTuple()
                .map(result -> new DetectionPage(result.getItem1(), page, size, result.getItem2()));
    }

    private static DetectionView view(Row row) {
        Detection detection = fromJson(row.getString(0));
        String by = row.getString(1);
        FalsePositiveVerdict verdict = by == null
                ? null
                : new FalsePositiveVerdict(
                        by,
                        row.getString(2),
                        instant(row.getOffsetDateTime(3)),
                        row.getString(4),
                        instant(row.getOffsetDateTime(5)));
        return new DetectionView(detection, verdict);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String toJson(Detection detection) {
        return StoredJson.write(EventJson.mapper(), detection, "detection " + detection.id());
    }

    private static Detection fromJson(String json) {
        return StoredJson.read(EventJson.mapper(), json, Detection.class, "detection document");
    }
}
