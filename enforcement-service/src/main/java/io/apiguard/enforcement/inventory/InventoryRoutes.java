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

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleValidation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The route table of the rule set ({@link RuleSet.Route}), one route per inventoried API, kept in {@code api_route}
 * so a restarted enforcement-service signs the same table without replaying {@code apiguard.inventory}.
 */
@ApplicationScoped
public class InventoryRoutes {

    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final Logger LOGGER = Logger.getLogger(InventoryRoutes.class);

    private final Pool pool;

    InventoryRoutes(Pool pool) {
        this.pool = pool;
    }

    /**
     * Every route, by api id. A row that cannot be read (written by a later version, say) is left out with a warning
     * rather than failing the rebuild: the rules must reach the sidecars whatever the route table holds.
     */
    public Uni<List<RuleSet.Route>> all() {
        return pool.query("select api_id, route::text as route from api_route order by api_id").execute().map(rows -> {
            List<RuleSet.Route> routes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                try {
                    routes.add(MAPPER.readValue(row.getString("route"), RuleSet.Route.class));
                } catch (IOException e) {
                    LOGGER.warnf("api_route: the route of %s is unreadable and left out of the rule set (%s)",
                            row.getString("api_id"), e.getMessage());
                }
            }
            return routes;
        });
    }

    /**
     * Keeps the route of {@code endpoint} unless a later change of it was kept already; an endpoint no sidecar could
     * match (see {@link #route}) has its route removed instead.
     */
    Uni<Void> upsert(ApiEndpoint endpoint, Instant at) {
        RuleSet.Route route = route(endpoint);
        if (route == null) {
            LOGGER.warnf("The route of %s cannot be matched by sidecars (host %s, path %s); it is left out of the "
                    + "rule set", endpoint.id(), endpoint.host(), endpoint.path());
            return remove(endpoint.id());
        }
        String json;
        try {
            json = MAPPER.writeValueAsString(route);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a route always serializes", e);
        }
        return pool.preparedQuery("insert into api_route (api_id, route, updated_at) values ($1, $2, $3) "
                        + "on conflict (api_id) do update set route = excluded.route, updated_at = excluded.updated_at "
                        + "where api_route.updated_at <= excluded.updated_at")
                // a JSON object, not a string: a String parameter would be stored as a JSON string
                .execute(Tuple.of(endpoint.id(), new JsonObject(json), at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    Uni<Void> remove(String apiId) {
        return pool.preparedQuery("delete from api_route where api_id = $1").execute(Tuple.of(apiId)).replaceWithVoid();
    }

    /**
     * The route of an inventoried API. Declared templates: the declared path when it has {@code {name}} segments (for
     * any method), and the operations of an API that came from a spec, or whose template names its segments otherwise
     * than traffic's generic {@code {id}} (only a spec or an operator writes {@code {accountId}}). Every other
     * operation was learned from traffic.
     *
     * <p>Sidecars refuse a rule set with any invalid route whole, and templates learned from traffic hold whatever
     * clients sent: so a template sidecars could not match is left out here, and an API whose host or path they could
     * not match has no route (null), rather than one crafted request keeping every sidecar on an old set.
     */
    static RuleSet.Route route(ApiEndpoint endpoint) {
        List<RuleSet.RouteTemplate> declared = new ArrayList<>();
        List<RuleSet.RouteTemplate> learned = new ArrayList<>();
        if (endpoint.pathTemplate() != null && endpoint.pathTemplate().indexOf('{') >= 0
                && RuleValidation.templateProblem(endpoint.pathTemplate()) == null) {
            declared.add(new RuleSet.RouteTemplate(null, endpoint.pathTemplate()));
        }
        for (ApiEndpoint.Operation operation : endpoint.operations()) {
            if (declared.size() + learned.size() >= RuleValidation.MAX_ROUTE_TEMPLATES
                    || !RuleValidation.isMethod(operation.method())
                    || RuleValidation.templateProblem(operation.pathTemplate()) != null) {
                continue;
            }
            RuleSet.RouteTemplate template = new RuleSet.RouteTemplate(operation.method(), operation.pathTemplate());
            if (endpoint.source() == ApiSource.SPEC || namesItsSegments(operation.pathTemplate())) {
                declared.add(template);
            } else {
                learned.add(template);
            }
        }
        String path = endpoint.path().isEmpty() ? "/" : endpoint.path();
        RuleSet.Route route = new RuleSet.Route(endpoint.id(), endpoint.host(), path, endpoint.matchType(), declared,
                learned);
        return RuleValidation.problems(route, 0).isEmpty() ? route : null;
    }

    private static boolean namesItsSegments(String template) {
        int open = template.indexOf('{');
        while (open >= 0) {
            if (!template.startsWith(PathTemplates.PLACEHOLDER, open)) {
                return true;
            }
            open = template.indexOf('{', open + 1);
        }
        return false;
    }
}
