package io.apiguard.detection.allowlist;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.detection.engine.Allowlist;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code detector_allowlist} table: one row per false-positive verdict's entry, kept after it expires or is
 * withdrawn. Writes take the caller's {@link SqlClient}, so they join the transaction that audits them; "now" is always
 * a parameter, so the table and the in-memory {@link Allowlist} judge expiry by the same clock.
 */
@ApplicationScoped
public class AllowlistRepository {

    private static final String COLUMNS = "id, type, incident_key, detection_id, reason, created_by, created_at, "
            + "expires_at, withdrawn_by, withdrawn_at";
    private static final String INSERT = """
            INSERT INTO detector_allowlist (id, type, incident_key, detection_id, reason, created_by, created_at,
                expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    private static final String ACTIVE =
            "SELECT id, type, incident_key, expires_at FROM detector_allowlist " + "WHERE " + activeCondition("$1");
    private static final String COVERS = "SELECT EXISTS (SELECT 1 FROM detector_allowlist WHERE type = $1 "
            + "AND incident_key = $2 AND " + activeCondition("$3") + ")";
    private static final String FIND_FOR_UPDATE =
            "SELECT " + COLUMNS + " FROM detector_allowlist WHERE id = $1 FOR UPDATE";
    private static final String WITHDRAW = "UPDATE detector_allowlist SET withdrawn_by = $2, withdrawn_at = $3 "
            + "WHERE id = $1 AND " + activeCondition("$3");

    private final Pool pool;

    AllowlistRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The SQL condition that a {@code detector_allowlist} row is active at the instant bound to parameter {@code at}
     * (such as {@code "$3"}): neither withdrawn nor expired. Every query that asks whether an entry suppresses says it
     * this way, so they agree with each other and with {@link AllowlistEntry.State#of}.
     */
    static String activeCondition(String at) {
        return activeCondition("", at);
    }

    /** {@link #activeCondition(String)} for the row a query names {@code alias}. */
    public static String activeCondition(String alias, String at) {
        String column = alias.isEmpty() ? "" : alias + ".";
        return column + "withdrawn_at IS NULL AND " + column + "expires_at > " + at;
    }

    /** Stores a new entry. */
    public Uni<Void> insert(SqlClient client, AllowlistEntry entry) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(Arrays.asList(
                        entry.id(),
                        entry.type(),
                        entry.incidentKey(),
                        entry.detectionId(),
                        entry.reason(),
                        entry.createdBy(),
                        utc(entry.createdAt()),
                        utc(entry.expiresAt()))))
                .replaceWithVoid();
    }

    /** The entries that suppress at {@code now}: neither expired nor withdrawn. */
    public Uni<List<Allowlist.Entry>> active(Instant now) {
        return pool.preparedQuery(ACTIVE).execute(Tuple.of(utc(now))).map(rows -> {
            List<Allowlist.Entry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new Allowlist.Entry(
                        row.getString("id"),
                        row.getString("type"),
                        row.getString("incident_key"),
                        instant(row, "expires_at")));
            }
            return entries;
        });
    }

    /** Whether an entry active at {@code now} suppresses {@code type} for {@code incidentKey}. */
    public Uni<Boolean> covers(SqlClient client, String type, String incidentKey, Instant now) {
        return client.preparedQuery(COVERS)
                .execute(Tuple.of(type, incidentKey, utc(now)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Entry {@code id} as of {@code now}, locked for the rest of the transaction; null when there is none. */
    public Uni<AllowlistEntry> findForUpdate(SqlClient client, String id, Instant now) {
        return client.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            return it.hasNext() ? entry(it.next(), now) : null;
        });
    }

    /** Withdraws entry {@code id} if it is still active at {@code at}; whether it was. */
    public Uni<Boolean> withdraw(SqlClient client, String id, String by, Instant at) {
        return client.preparedQuery(WITHDRAW).execute(Tuple.of(id, by, utc(at))).map(rows -> rows.rowCount() == 1);
    }

    /** One page of the entries in {@code state} at {@code now} (every entry for null), newest first. */
    public Uni<AllowlistPage> page(AllowlistEntry.State state, Instant now, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = "";
        if (state != null) {
            where = switch (state) {
                case ACTIVE -> " WHERE " + activeCondition("$1");
                case EXPIRED -> " WHERE withdrawn_at IS NULL AND expires_at <= $1";
                case WITHDRAWN -> " WHERE withdrawn_at IS NOT NULL";
            };
            if (state != AllowlistEntry.State.WITHDRAWN) {
                params.add(utc(now));
            }
        }
        Tuple countParams = Tuple.from(new ArrayList<>(params));
        params.add(size);
        params.add((long) page * size);
        String select = "SELECT " + COLUMNS + " FROM detector_allowlist" + where
                + " ORDER BY created_at DESC, id LIMIT $" + (params.size() - 1) + " OFFSET $" + params.size();
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM detector_allowlist" + where)
                .execute(countParams)
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<AllowlistEntry>> items = pool.preparedQuery(select)
                .execute(Tuple.from(params))
                .map(rows -> {
                    List<AllowlistEntry> entries = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        entries.add(entry(row, now));
                    }
                    return entries;
                });
        return Uni.combine()
                .all()
                .unis(items, total)
                .asTuple()
                .map(result -> new AllowlistPage(result.getItem1(), page, size, result.getItem2()));
    }

    private static AllowlistEntry entry(Row row, Instant now) {
        Instant expiresAt = instant(row, "expires_at");
        Instant withdrawnAt = instant(row, "withdrawn_at");
        return new AllowlistEntry(
                row.getString("id"),
                row.getString("type"),
                row.getString("incident_key"),
                row.getString("detection_id"),
                row.getString("reason"),
                row.getString("created_by"),
                instant(row, "created_at"),
                expiresAt,
                row.getString("withdrawn_by"),
                withdrawnAt,
                AllowlistEntry.State.of(expiresAt, withdrawnAt, now));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
