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
import io.apiguard.common.spec.SpecValidation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code api_route} table over the reactive pool: one route of the rule set per inventoried API, as JSON of
 * {@link RuleSet.Route} (request contracts included), and the positive-model mode its API asked for, so a restarted
 * enforcement-service signs the same table without replaying {@code apiguard.inventory}.
 */
@ApplicationScoped
public class RouteRepository {

    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final Logger LOGGER = Logger.getLogger(RouteRepository.class);

    /** Keeps the newer of two changes of one API: a redelivered older change leaves the row as it is. */
    private static final String UPSERT = """
            insert into api_route (api_id, route, validation, updated_at) values ($1, $2, $3, $4)
            on conflict (api_id) do update set route = excluded.route, validation = excluded.validation,
                updated_at = excluded.updated_at
            where api_route.updated_at <= excluded.updated_at""";

    private final Pool pool;

    RouteRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A kept route and the positive-model mode of its API.
     *
     * @param route      the route as kept (its own {@code validation} is not read: {@code validation} is)
     * @param validation the mode its API asked for; null when its spec names none (the configured default applies)
     */
    public record KeptRoute(RuleSet.Route route, SpecValidation validation) {}

    /**
     * Every route, by api id. A row that cannot be read (written by a later version, say) is left out with a warning
     * rather than failing the rebuild: the rules must reach the sidecars whatever the route table holds. An unknown
     * mode is read as off: a mode sidecars may not know must not turn enforcement on.
     */
    public Uni<List<KeptRoute>> all() {
        return pool.query("select api_id, route::text as route, validation from api_route order by api_id")
                .execute()
                .map(rows -> {
                    List<KeptRoute> routes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        try {
                            routes.add(new KeptRoute(
                                    MAPPER.readValue(row.getString("route"), RuleSet.Route.class),
                                    validation(row.getString("validation"))));
                        } catch (IOException e) {
                            LOGGER.warnf(
                                    "api_route: the route of %s is unreadable and left out of the rule set (%s)",
                                    row.getString("api_id"), e.getMessage());
                        }
                    }
                    return routes;
                });
    }

    /** Keeps {@code route} with the mode it carries as of {@code at}, unless a later change of its API was kept. */
    public Uni<Void> upsert(RuleSet.Route route, Instant at) {
        return upsert(route, route.validation(), at);
    }

    /**
     * Keeps {@code route} and its API's mode ({@code validation}; null: the configured default) as of {@code at},
     * unless a later change of its API was kept already.
     */
    public Uni<Void> upsert(RuleSet.Route route, SpecValidation validation, Instant at) {
        String json;
        try {
            json = MAPPER.writeValueAsString(route);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a route always serializes", e);
        }
        return pool.preparedQuery(UPSERT)
                // a JSON object, not a string: a String parameter would be stored as a JSON string
                .execute(Tuple.of(
                        route.apiId(),
                        new JsonObject(json),
                        validation == null ? null : validation.wire(),
                        at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static SpecValidation validation(String wire) {
        if (wire == null) {
            return null;
        }
        for (SpecValidation mode : SpecValidation.values()) {
            if (mode.wire().equals(wire)) {
                return mode;
            }
        }
        return SpecValidation.OFF;
    }

    /** Forgets the route of {@code apiId}. */
    public Uni<Void> remove(String apiId) {
        return pool.preparedQuery("delete from api_route where api_id = $1")
                .execute(Tuple.of(apiId))
                .replaceWithVoid();
    }
}
