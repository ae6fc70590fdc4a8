package io.apiguard.enforcement.sidecars;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code sidecar} table over the reactive pool. */
@ApplicationScoped
public class SidecarRepository {

    private static final String COLUMNS = "id, namespace, pod, service, admin_url, mode, registered, discovered, "
            + "acked_version, acked_at, last_contact, last_error";

    private final Pool pool;

    SidecarRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Sidecar>> all() {
        return pool.query("select " + COLUMNS + " from sidecar order by id").execute().map(SidecarRepository::map);
    }

    /** A heartbeat: registers or refreshes, with the version the sidecar says it enforces. */
    public Uni<Void> heartbeat(String namespace, String pod, String service, String adminUrl, String mode,
            long version, Instant now) {
        return pool.preparedQuery("insert into sidecar (id, namespace, pod, service, admin_url, mode, registered, "
                        + "acked_version, acked_at, last_contact, first_seen) values ($1, $2, $3, $4, $5, $6, true, $7, $8, "
                        + "$8, $8) on conflict (id) do update set service = coalesce(excluded.service, sidecar.service), "
                        + "admin_url = coalesce(excluded.admin_url, sidecar.admin_url), mode = excluded.mode, "
                        + "registered = true, acked_version = excluded.acked_version, "
                        + "acked_at = case when sidecar.acked_version = excluded.acked_version then sidecar.acked_at "
                        + "else excluded.acked_at end, last_contact = excluded.last_contact")
                .execute(Tuple.tuple().addString(namespace + "/" + pod).addString(namespace).addString(pod)
                        .addString(service).addString(adminUrl).addString(mode).addLong(version)
                        .addOffsetDateTime(utc(now)))
                .replaceWithVoid();
    }

    /** A pod with the sidecar label: known by its address, mode unknown until it registers. */
    public Uni<Void> discovered(String namespace, String pod, String adminUrl, Instant now) {
        return pool.preparedQuery("insert into sidecar (id, namespace, pod, admin_url, mode, discovered, first_seen) "
                        + "values ($1, $2, $3, $4, 'unknown', true, $5) on conflict (id) do update set "
                        + "discovered = true, admin_url = coalesce(sidecar.admin_url, excluded.admin_url)")
                .execute(Tuple.of(namespace + "/" + pod, namespace, pod, adminUrl, utc(now)))
                .replaceWithVoid();
    }

    /** The pod is gone: forget a sidecar only discovery knew; a registered one ages out by its heartbeats. */
    public Uni<Void> podGone(String namespace, String pod) {
        String id = namespace + "/" + pod;
        return pool.preparedQuery("delete from sidecar where id = $1 and not registered").execute(Tuple.of(id))
                .flatMap(ignored -> pool.preparedQuery("update sidecar set discovered = false where id = $1")
                        .execute(Tuple.of(id)))
                .replaceWithVoid();
    }

    /** A push was acknowledged with {@code version}. */
    public Uni<Void> acknowledged(String id, long version, Instant now) {
        return pool.preparedQuery("update sidecar set acked_version = greatest(acked_version, $2), acked_at = $3, "
                        + "last_contact = $3, last_error = null where id = $1")
                .execute(Tuple.of(id, version, utc(now)))
                .replaceWithVoid();
    }

    /** A push failed after its retries. */
    public Uni<Void> pushFailed(String id, String error) {
        return pool.preparedQuery("update sidecar set last_error = $2 where id = $1")
                .execute(Tuple.of(id, error == null ? "failed" : error.length() > 500 ? error.substring(0, 500) : error))
                .replaceWithVoid();
    }

    private static List<Sidecar> map(RowSet<Row> rows) {
        List<Sidecar> sidecars = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sidecars.add(new Sidecar(row.getString("id"), row.getString("namespace"), row.getString("pod"),
                    row.getString("service"), row.getString("admin_url"), row.getString("mode"),
                    row.getBoolean("registered"), row.getBoolean("discovered"), row.getLong("acked_version"),
                    instant(row.getOffsetDateTime("acked_at")), instant(row.getOffsetDateTime("last_contact")),
                    row.getString("last_error")));
        }
        return sidecars;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
