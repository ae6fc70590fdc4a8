package io.apiguard.enforcement.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.paths.PathTemplates;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleValidation;
import io.smallrye.mutiny.Uni;

/**
 * The route table of the rule set ({@link RuleSet.Route}): one route per inventoried API, derived here from the
 * inventory and kept by {@link RouteRepository}.
 */
@ApplicationScoped
public class InventoryRoutes {

    private static final Logger LOGGER = Logger.getLogger(InventoryRoutes.class);

    private final RouteRepository repository;

    InventoryRoutes(RouteRepository repository) {
        this.repository = repository;
    }

    /** Every route, by api id (unreadable stored routes left out, see {@link RouteRepository#all()}). */
    public Uni<List<RuleSet.Route>> all() {
        return repository.all();
    }

    /**
     * Keeps the route of {@code endpoint} unless a later change of it was kept already; an endpoint no sidecar could
     * match (see {@link #route}) has its route removed instead.
     */
    Uni<Void> upsert(ApiEndpoint endpoint, Instant at) {
        RuleSet.Route route = route(endpoint);
        if (route == null) {
            LOGGER.warnf(
                    "The route of %s cannot be matched by sidecars (host %s, path %s); it is left out of the "
                            + "rule set",
                    endpoint.id(), endpoint.host(), endpoint.path());
            return remove(endpoint.id());
        }
        return repository.upsert(route, at);
    }

    Uni<Void> remove(String apiId) {
        return repository.remove(apiId);
    }

    /**
     * The route of an inventoried API. Declared templates: the declared path when it has {@code {name}} segments (for
     * any method), the operations the API's spec declares, and those whose template names its segments otherwise
     * than traffic's generic {@code {id}} (only a spec or an operator writes {@code {accountId}}). Every other
     * operation was learned from traffic, including one called on a spec API that its spec does not declare: such a
     * call is drift, and must not pass for the API's contract.
     *
     * <p>Sidecars refuse a rule set with any invalid route whole, and templates learned from traffic hold whatever
     * clients sent: so a template sidecars could not match is left out here, and an API whose host or path they could
     * not match has no route (null), rather than one crafted request keeping every sidecar on an old set.
     */
    static RuleSet.Route route(ApiEndpoint endpoint) {
        List<RuleSet.RouteTemplate> declared = new ArrayList<>();
        List<RuleSet.RouteTemplate> learned = new ArrayList<>();
        if (endpoint.pathTemplate() != null
                && endpoint.pathTemplate().indexOf('{') >= 0
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
            if (operation.declared() || namesItsSegments(operation.pathTemplate())) {
                declared.add(template);
            } else {
                learned.add(template);
            }
        }
        String path = endpoint.path().isEmpty() ? "/" : endpoint.path();
        RuleSet.Route route =
                new RuleSet.Route(endpoint.id(), endpoint.host(), path, endpoint.matchType(), declared, learned);
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
