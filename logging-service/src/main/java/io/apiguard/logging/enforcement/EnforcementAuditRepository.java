package io.apiguard.logging.enforcement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.EnforcementEvent;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.json.StoredJson;
import io.apiguard.logging.store.SearchConditions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code enforcement_audit} table over the reactive pool: stores enforcement events once each (keyed by the digest
 * of their JSON) and reads them back newest first.
 */
@ApplicationScoped
public class EnforcementAuditRepository {

    private static final String INSERT = """
            INSERT INTO enforcement_audit (digest, kind, rule_id, subject, sidecar, rule_set_version, occurred_at, event)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (digest) DO NOTHING""";

    private final Pool pool;
    private final ObjectMapper mapper = EventJson.mapper();

    EnforcementAuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** Keeps {@code event}; emits true when it was new. */
    public Uni<Boolean> record(EnforcementEvent event) {
        String json = json(event);
        String ruleId = event.rule() == null ? null : event.rule().id();
        String subject = event.rule() == null ? null : event.rule().match().subject();
        return pool.preparedQuery(INSERT)
                .execute(Tuple.tuple(List.of(digest(json), event.kind().wire()))
                        .addString(ruleId)
                        .addString(subject)
                        .addString(event.sidecar())
                        .addLong(event.ruleSetVersion())
                        .addOffsetDateTime(event.occurredAt().atOffset(ZoneOffset.UTC))
                        .addString(json))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Events matching the filters (null matches anything), newest first. */
    public Uni<List<EnforcementEvent>> search(String ruleId, String subject, String kind, int limit) {
        SearchConditions where = new SearchConditions()
                .and("rule_id =", ruleId)
                .and("subject =", subject)
                .and("kind =", kind);
        String limitParameter = where.bind(limit);
        String sql = "SELECT event FROM enforcement_audit" + where.where() + " ORDER BY occurred_at DESC, digest LIMIT "
                + limitParameter;
        return pool.preparedQuery(sql).execute(where.parameters()).map(rows -> {
            List<EnforcementEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(parse(row.getString("event")));
            }
            return events;
        });
    }

    private String json(EnforcementEvent event) {
        return StoredJson.write(mapper, event, "enforcement event");
    }

    private EnforcementEvent parse(String json) {
        return StoredJson.read(mapper, json, EnforcementEvent.class, "stored enforcement event");
    }

    private static String digest(String json) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
