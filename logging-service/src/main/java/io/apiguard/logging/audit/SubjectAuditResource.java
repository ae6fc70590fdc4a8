package io.apiguard.logging.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.apiguard.logging.LoggingConfig;
import io.apiguard.support.edge.QueryParameters;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code GET /api/v1/audit/subjects/{subject}}: the audit trail of one person. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/audit/subjects/{subject}")
public class SubjectAuditResource {

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
    private final Duration defaultPeriod;
    private final Clock clock = Clock.systemUTC();

    SubjectAuditResource(Pool pool, LoggingConfig config) {
        this.pool = pool;
        this.defaultPeriod = Duration.ofDays(config.retention().days());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The audit trail of one person: APIs and objects touched, first and last seen, counts")
    public Uni<SubjectAudit> audit(@PathParam("subject") String subject, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Instant toInstant = QueryParameters.instant("to", to);
        toInstant = toInstant == null ? clock.instant().plusSeconds(1) : toInstant;
        Instant fromInstant = QueryParameters.instant("from", from);
        fromInstant = fromInstant == null ? toInstant.minus(defaultPeriod) : fromInstant;
        if (!fromInstant.isBefore(toInstant)) {
            throw QueryParameters.badRequest("from must lie before to");
        }
        Instant start = fromInstant;
        Instant end = toInstant;
        Tuple parameters = Tuple.of(subject, start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC));
        return Uni.combine().all().unis(pool.preparedQuery(SUMMARY).execute(parameters),
                pool.preparedQuery(APIS).execute(parameters), pool.preparedQuery(OBJECTS).execute(parameters))
                .with((summaryRows, apiRows, objectRows) -> {
                    Row summary = summaryRows.iterator().next();
                    if (summary.getLong("calls") == 0) {
                        throw HttpProblem.builder()
                                .withStatus(Response.Status.NOT_FOUND)
                                .withTitle("No calls for this subject")
                                .withDetail("No call by '" + subject + "' is recorded between " + start + " and " + end)
                                .build();
                    }
                    return new SubjectAudit(subject, start, end, summary.getLong("calls"),
                            instant(summary, "first_seen"), instant(summary, "last_seen"),
                            strings(summary, "service_accounts"), strings(summary, "client_ips"), apis(apiRows),
                            objects(objectRows));
                });
    }

    private static List<SubjectAudit.ApiUse> apis(RowSet<Row> rows) {
        List<SubjectAudit.ApiUse> apis = new ArrayList<>(rows.size());
        for (Row row : rows) {
            apis.add(new SubjectAudit.ApiUse(row.getString("api_id"), row.getString("method"),
                    row.getString("path_template"), row.getLong("calls"), instant(row, "first_seen"),
                    instant(row, "last_seen")));
        }
        return apis;
    }

    private static List<SubjectAudit.ObjectUse> objects(RowSet<Row> rows) {
        List<SubjectAudit.ObjectUse> objects = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String key = row.getString("object_key");
            int slash = key.indexOf('/');
            objects.add(new SubjectAudit.ObjectUse(key.substring(0, slash), key.substring(slash + 1),
                    row.getLong("calls"), instant(row, "first_seen"), instant(row, "last_seen")));
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
