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
        return pool.query("select " + COLUMNS + " from sidecar order by id")
                .execute()
                .map(SidecarRepository::map);
    }

    /**
     * A heartbeat of the pod a token names: registers or refreshes it, at the address enforcement-service determined
     * (never one the sidecar sent). The version it says it enforces counts as acknowledged only when that version was
     * delivered to it; a claim beyond that is ignored.
     *
     * @return whether the claimed version was believed
     */
    public Uni<Boolean> heartbeat(
            String namespace,
            String pod,
            String podUid,
            String service,
            String adminUrl,
            String mode,
            long claimedVersion,
            Instant now) {
        return pool.preparedQuery("insert into sidecar (id, namespace, pod, pod_uid, service, admin_url, mode, "
                        + "registered, acked_version, acked_at, last_contact, first_seen) values ($1, $2, $3, $4, $5, $6, "
                        + "$7, true, 0, null, $8, $8) on conflict (id) do update set pod_uid = excluded.pod_uid, "
                        + "service = coalesce(excluded.service, sidecar.service), admin_url = excluded.admin_url, "
                        + "mode = excluded.mode, registered = true, last_contact = excluded.last_contact, "
                        // a recreated pod of the same name starts over: nothing was delivered to it yet
                        + "delivered_version = case when sidecar.pod_uid is distinct from excluded.pod_uid then 0 "
                        + "else sidecar.delivered_version end, "
                        + "acked_version = case when sidecar.pod_uid is distinct from excluded.pod_uid then 0 "
                        + "else sidecar.acked_version end "
                        + "returning delivered_version")
                .execute(Tuple.tuple()
                        .addString(namespace + "/" + pod)
                        .addString(namespace)
                        .addString(pod)
                        .addString(podUid)
                        .addString(service)
                        .addString(adminUrl)
                        .addString(mode)
                        .addOffsetDateTime(utc(now)))
                .flatMap(rows -> {
                    long delivered = rows.iterator().next().getLong("delivered_version");
                    if (claimedVersion > delivered) {
                        return Uni.createFrom().item(false);
                    }
                    return pool.preparedQuery(
                                    "update sidecar set acked_at = case when acked_version = $2 then acked_at "
                                            + "else $3 end, acked_version = $2 where id = $1")
                            .execute(Tuple.of(namespace + "/" + pod, claimedVersion, utc(now)))
                            .replaceWith(true);
                });
    }

    /**
     * A running pod with the sidecar label, at the address the Kubernetes API gives it: the most trusted address
     * there is, so it replaces whatever the entry had; mode unknown until the sidecar registers.
     */
    public Uni<Void> discovered(String namespace, String pod, String podUid, String adminUrl, Instant now) {
        return pool.preparedQuery("insert into sidecar (id, namespace, pod, pod_uid, admin_url, mode, discovered, "
                        + "first_seen) values ($1, $2, $3, $4, $5, 'unknown', true, $6) on conflict (id) do update set "
                        + "discovered = true, pod_uid = excluded.pod_uid, admin_url = excluded.admin_url")
                .execute(Tuple.of(namespace + "/" + pod, namespace, pod, podUid, adminUrl, utc(now)))
                .replaceWithVoid();
    }

    /** The pod is gone: forget a sidecar only discovery knew; a registered one ages out by its heartbeats. */
    public Uni<Void> podGone(String namespace, String pod) {
        String id = namespace + "/" + pod;
        return pool.preparedQuery("delete from sidecar where id = $1 and not registered")
                .execute(Tuple.of(id))
                .flatMap(ignored -> pool.preparedQuery("update sidecar set discovered = false where id = $1")
                        .execute(Tuple.of(id)))
                .replaceWithVoid();
    }

    /** A push of {@code delivered} was acknowledged with {@code version} in force. */
    public Uni<Void> acknowledged(String id, long version, long delivered, Instant now) {
        return pool.preparedQuery("update sidecar set acked_version = greatest(acked_version, $2), acked_at = $4, "
                        + "delivered_version = greatest(delivered_version, $3), last_contact = $4, last_error = null "
                        + "where id = $1")
                .execute(Tuple.of(id, version, delivered, utc(now)))
                .replaceWithVoid();
    }

    /** {@code version} was served to the sidecar {@code id} on a pull. */
    public Uni<Void> delivered(String id, long version) {
        return pool.preparedQuery(
                        "update sidecar set delivered_version = greatest(delivered_version, $2) where id = $1")
                .execute(Tuple.of(id, version))
                .replaceWithVoid();
    }

    /** Forgets registrations not renewed since {@code before}, unless their pod is known by its label; the count. */
    public Uni<Integer> forgetRegistrationsSilentSince(Instant before) {
        return pool.preparedQuery("delete from sidecar where registered and not discovered and last_contact < $1")
                .execute(Tuple.of(utc(before)))
                .map(RowSet::rowCount);
    }

    /** A push failed after its retries, for the reason {@code category} ({@link PushFailure}). */
    public Uni<Void> pushFailed(String id, String category) {
        return pool.preparedQuery("update sidecar set last_error = $2 where id = $1")
                .execute(Tuple.of(id, category))
                .replaceWithVoid();
    }

    private static List<Sidecar> map(RowSet<Row> rows) {
        List<Sidecar> sidecars = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sidecars.add(new Sidecar(
                    row.getString("id"),
                    row.getString("namespace"),
                    row.getString("pod"),
                    row.getString("service"),
                    row.getString("admin_url"),
                    row.getString("mode"),
                    row.getBoolean("registered"),
                    row.getBoolean("discovered"),
                    row.getLong("acked_version"),
                    instant(row.getOffsetDateTime("acked_at")),
                    instant(row.getOffsetDateTime("last_contact")),
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
