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
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.enforcement.EnforcementConfig;
import io.smallrye.mutiny.Uni;

/**
 * The route table of the rule set ({@link RuleSet.Route}): one route per inventoried API, derived here from the
 * inventory and kept by {@link RouteRepository}, with the spec's operations and request contracts (the sidecar's
 * positive model) and the mode the sidecar checks them in ({@link RuleSet.Route#validation()}): the one the API's
 * spec annotation names, else the configured default when the API has a readable spec, else off.
 */
@ApplicationScoped
public class InventoryRoutes {

    private static final Logger LOGGER = Logger.getLogger(InventoryRoutes.class);

    private final RouteRepository repository;
    private final SpecValidation defaultValidation;

    InventoryRoutes(RouteRepository repository, EnforcementConfig config) {
        this.repository = repository;
        this.defaultValidation = config.positiveModel().defaultValidation();
    }

    /**
     * Every route, by api id (unreadable stored routes left out, see {@link RouteRepository#all()}), in the mode its
     * API asked for or the configured default.
     */
    public Uni<List<RuleSet.Route>> all() {
        return repository
                .all()
                .map(kept -> kept.stream()
                        .map(route -> withValidation(
                                route.route(), route.validation() == null ? defaultValidation : route.validation()))
                        .toList());
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
        return repository.upsert(route, validation(endpoint), at);
    }

    /**
     * The mode the sidecar checks calls to {@code endpoint} in: its spec's annotation, null (the configured default)
     * when its spec is readable and names none, and off without a readable spec, whatever the annotation: with no
     * operation declared, monitor or enforce would count every call as a violation.
     */
    static SpecValidation validation(ApiEndpoint endpoint) {
        ApiEndpoint.Spec spec = endpoint.spec();
        if (spec == null || !spec.readable()) {
            return SpecValidation.OFF;
        }
        return spec.validation();
    }

    Uni<Void> remove(String apiId) {
        return repository.remove(apiId);
    }

    /**
     * The route of an inventoried API. Declared templates: the declared path when it has {@code {name}} segments (for
     * any method), the operations the API's spec declares, and those whose template names its segments otherwise
     * than traffic's generic {@code {id}} (only a spec or an operator writes {@code {accountId}}). Every other
     * operation was learned from traffic, including one called on a spec API that its spec does not declare: such a
     * call is drift, and must not pass for the API's contract. A spec's operation carries its name
     * ({@link #operationName}) and its request contract, which sidecars check calls against.
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
            if (operation.declared()) {
                declared.add(new RuleSet.RouteTemplate(
                        operation.method(), operation.pathTemplate(), operationName(operation), operation.request()));
            } else if (namesItsSegments(operation.pathTemplate())) {
                declared.add(new RuleSet.RouteTemplate(operation.method(), operation.pathTemplate()));
            } else {
                learned.add(new RuleSet.RouteTemplate(operation.method(), operation.pathTemplate()));
            }
        }
        String path = endpoint.path().isEmpty() ? "/" : endpoint.path();
        RuleSet.Route route =
                new RuleSet.Route(endpoint.id(), endpoint.host(), path, endpoint.matchType(), declared, learned);
        return RuleValidation.problems(route, 0).isEmpty() ? route : null;
    }

    /**
     * The spec's name of an operation, as calls record it: its {@code operationId}, else {@code METHOD template} (also
     * for an id longer than ids may be, which a hostile spec could use to swell every call record).
     */
    static String operationName(ApiEndpoint.Operation operation) {
        String id = operation.operationId();
        return id == null || id.isBlank() || id.length() > RuleValidation.MAX_ID_LENGTH
                ? operation.method() + " " + operation.pathTemplate()
                : id;
    }

    private static RuleSet.Route withValidation(RuleSet.Route route, SpecValidation validation) {
        return new RuleSet.Route(
                route.apiId(),
                route.host(),
                route.path(),
                route.matchType(),
                route.declared(),
                route.learned(),
                validation);
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
