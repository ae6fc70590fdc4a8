package io.apiguard.logging.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit trail of one person read from {@code api_calls}: three aggregate queries over the subject's calls of a
 * period (the summary, the APIs used, the objects touched), run at once.
 */
@ApplicationScoped
public class SubjectAuditRepository {

    static final int MAX_APIS = 500;
    static final int MAX_OBJECTS = 1_000;

    private static final String SUMMARY = """
            SELECT count(*) AS calls, min(ts) AS first_seen, max(ts) AS last_seen,
                   array_remove(array_agg(DISTINCT service_account), NULL) AS service_accounts,
                   array_remove(array_agg(DISTINCT client_ip), NULL) AS client_ips
            FROM api_calls WHERE subject = $1 AND ts >= $2 AND ts < $3""";
    private static final String APIS = """
            SELECT api_id, method, path_template, count(*) AS calls, min(ts) AS first_seen, max(ts) AS last_seen
            FROM api_calls WHERE subject = $1 AND ts >= $2 AND ts < $3
            GROUP BY api_id, method, path_template ORDER BY calls DESC, last_seen DESC LIMIT""" + " " + MAX_APIS;
    private static final String OBJECTS = """
            SELECT object_key, count(*) AS calls, min(ts) AS first_seen, max(ts) AS last_seen
            FROM api_calls, unnest(object_keys) AS object_key WHERE subject = $1 AND ts >= $2 AND ts < $3
            GROUP BY object_key ORDER BY calls DESC, last_seen DESC LIMIT""" + " " + MAX_OBJECTS;

    private final Pool pool;

    SubjectAuditRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The audit trail of {@code subject} from {@code from} (inclusive) to {@code to} (exclusive); with no call in the
     * period, a trail of zero calls.
     */
    public Uni<SubjectAudit> audit(String subject, Instant from, Instant to) {
        Tuple parameters = Tuple.of(subject, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery(SUMMARY).execute(parameters),
                        pool.preparedQuery(APIS).execute(parameters),
                        pool.preparedQuery(OBJECTS).execute(parameters))
                .with((summaryRows, apiRows, objectRows) -> {
                    Row summary = summaryRows.iterator().next();
                    return new SubjectAudit(
                            subject,
                            from,
                            to,
                            summary.getLong("calls"),
                            instant(summary, "first_seen"),
                            instant(summary, "last_seen"),
                            strings(summary, "service_accounts"),
                            strings(summary, "client_ips"),
                            apis(apiRows),
                            objects(objectRows));
                });
    }

    private static List<SubjectAudit.ApiUse> apis(RowSet<Row> rows) {
        List<SubjectAudit.ApiUse> apis = new ArrayList<>(rows.size());
        for (Row row : rows) {
            apis.add(new SubjectAudit.ApiUse(
                    row.getString("api_id"),
                    row.getString("method"),
                    row.getString("path_template"),
                    row.getLong("calls"),
                    instant(row, "first_seen"),
                    instant(row, "last_seen")));
        }
        return apis;
    }

    private static List<SubjectAudit.ObjectUse> objects(RowSet<Row> rows) {
        List<SubjectAudit.ObjectUse> objects = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String key = row.getString("object_key");
            int slash = key.indexOf('/');
            objects.add(new SubjectAudit.ObjectUse(
                    key.substring(0, slash),
                    key.substring(slash + 1),
                    row.getLong("calls"),
                    instant(row, "first_seen"),
                    instant(row, "last_seen")));
        }
        return objects;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? List.of() : Arrays.asList(values);
    }
}
