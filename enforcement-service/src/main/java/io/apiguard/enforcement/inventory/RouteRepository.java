package io.apiguard.enforcement.inventory;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.json.EventJson;
import io.apiguard.common.rules.RuleSet;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code api_route} table over the reactive pool: one route of the rule set per inventoried API, as JSON of
 * {@link RuleSet.Route}, so a restarted enforcement-service signs the same table without replaying
 * {@code apiguard.inventory}.
 */
@ApplicationScoped
public class RouteRepository {

    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final Logger LOGGER = Logger.getLogger(RouteRepository.class);

    /** Keeps the newer of two changes of one API: a redelivered older change leaves the row as it is. */
    private static final String UPSERT = """
            insert into api_route (api_id, route, updated_at) values ($1, $2, $3)
            on conflict (api_id) do update set route = excluded.route, updated_at = excluded.updated_at
            where api_route.updated_at <= excluded.updated_at""";

    private final Pool pool;

    RouteRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Every route, by api id. A row that cannot be read (written by a later version, say) is left out with a warning
     * rather than failing the rebuild: the rules must reach the sidecars whatever the route table holds.
     */
    public Uni<List<RuleSet.Route>> all() {
        return pool.query("select api_id, route::text as route from api_route order by api_id")
                .execute()
                .map(rows -> {
                    List<RuleSet.Route> routes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        try {
                            routes.add(MAPPER.readValue(row.getString("route"), RuleSet.Route.class));
                        } catch (IOException e) {
                            LOGGER.warnf(
                                    "api_route: the route of %s is unreadable and left out of the rule set (%s)",
                                    row.getString("api_id"), e.getMessage());
                        }
                    }
                    return routes;
                });
    }

    /** Keeps {@code route} as of {@code at}, unless a later change of its API was kept already. */
    public Uni<Void> upsert(RuleSet.Route route, Instant at) {
        String json;
        try {
            json = MAPPER.writeValueAsString(route);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a route always serializes", e);
        }
        return pool.preparedQuery(UPSERT)
                // a JSON object, not a string: a String parameter would be stored as a JSON string
                .execute(Tuple.of(route.apiId(), new JsonObject(json), at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Forgets the route of {@code apiId}. */
    public Uni<Void> remove(String apiId) {
        return pool.preparedQuery("delete from api_route where api_id = $1")
                .execute(Tuple.of(apiId))
                .replaceWithVoid();
    }
}
