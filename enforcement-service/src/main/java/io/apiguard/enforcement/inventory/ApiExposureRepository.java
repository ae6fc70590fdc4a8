package io.apiguard.enforcement.inventory;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ApiEndpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code api_exposure} table over the reactive pool: each inventoried API's exposure, namespace and backend
 * Service, as {@code apiguard.inventory} last said, to measure which external APIs a sidecar fronts.
 */
@ApplicationScoped
public class ApiExposureRepository {

    /** Keeps the newer of two changes of one API: a redelivered older change leaves the row as it is. */
    private static final String UPSERT = """
            insert into api_exposure (api_id, namespace, service, exposure, updated_at) values ($1, $2, $3, $4, $5)
            on conflict (api_id) do update set namespace = excluded.namespace, service = excluded.service,
                exposure = excluded.exposure, updated_at = excluded.updated_at
            where api_exposure.updated_at <= excluded.updated_at""";

    /**
     * External APIs, and those of them a sidecar in enforce mode fronts (same namespace and backend Service) that was
     * heard from since {@code $1}.
     */
    private static final String COVERAGE = """
            select count(*) as external, count(*) filter (where exists (select 1 from sidecar s
                where s.mode = 'enforce' and s.namespace = a.namespace and s.service = a.service
                and s.last_contact >= $1)) as covered
            from api_exposure a where a.exposure = 'external'""";

    private final Pool pool;

    ApiExposureRepository(Pool pool) {
        this.pool = pool;
    }

    /** Keeps what {@code api} says about its exposure as of {@code at}, unless a later change of it was kept. */
    public Uni<Void> upsert(ApiEndpoint api, Instant at) {
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.of(
                        api.id(),
                        api.namespace(),
                        api.backend() == null ? null : api.backend().service(),
                        api.exposure() == null ? null : api.exposure().wire(),
                        at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Forgets the API {@code apiId} (it left the inventory). */
    public Uni<Void> remove(String apiId) {
        return pool.preparedQuery("delete from api_exposure where api_id = $1")
                .execute(Tuple.of(apiId))
                .replaceWithVoid();
    }

    /** How many external APIs there are and how many of them a live enforcing sidecar fronts. */
    public Uni<ExternalCoverage> coverage(Instant liveSince) {
        return pool.preparedQuery(COVERAGE)
                .execute(Tuple.of(liveSince.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new ExternalCoverage(row.getLong("external"), row.getLong("covered"));
                });
    }

    /**
     * The externally exposed APIs and their coverage.
     *
     * @param external APIs whose exposure is {@code external}
     * @param covered  those fronted by a live sidecar in enforce mode
     */
    public record ExternalCoverage(long external, long covered) {}
}
