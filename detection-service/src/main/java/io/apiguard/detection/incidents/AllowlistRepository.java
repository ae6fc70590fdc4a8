package io.apiguard.detection.incidents;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code detector_allowlist} table: false positives, by detection type and incident key. */
@ApplicationScoped
public class AllowlistRepository {

    /** One allowlist entry. */
    public record Entry(String type, String incidentKey) {
    }

    private final Pool pool;

    AllowlistRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> add(String type, String incidentKey, String detectionId, String reason, Instant now) {
        return pool.preparedQuery("""
                INSERT INTO detector_allowlist (type, incident_key, detection_id, reason, created_at)
                VALUES ($1, $2, $3, $4, $5) ON CONFLICT (type, incident_key) DO NOTHING""")
                .execute(Tuple.from(java.util.Arrays.asList(type, incidentKey, detectionId, reason, now.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    public Uni<List<Entry>> all() {
        return pool.query("SELECT type, incident_key FROM detector_allowlist").execute().map(rows -> {
            List<Entry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new Entry(row.getString(0), row.getString(1)));
            }
            return entries;
        });
    }
}
