package io.apiguard.enforcement.rules;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.common.json.EventJson;
import io.apiguard.common.json.StoredJson;
import io.apiguard.common.rules.RuleValidation;
import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.enforcement.policy.Policy;
import io.apiguard.support.audit.AuditNotRecordedException;
import io.apiguard.support.audit.OperatorAudit;
import io.apiguard.support.security.Actor;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Operators' rules: create, read, replace, delete. Input is validated whole (Bean Validation, the rule's invariants,
 * {@link RuleValidation}, the allowlist) and refused with problem+json listing every error; a rule is active (and on
 * its way to the sidecars) when the call returns.
 */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "rules", description = "Blocking, rate-limit and monitor rules")
public class RuleResource {

    private static final String TARGET = "rule";

    private final RuleService service;
    private final RuleRepository repository;
    private final Policy policy;
    private final EnforcementConfig config;
    private final OperatorAudit audit;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    RuleResource(
            RuleService service,
            RuleRepository repository,
            Policy policy,
            EnforcementConfig config,
            OperatorAudit audit,
            SecurityIdentity identity) {
        this.service = service;
        this.repository = repository;
        this.policy = policy;
        this.config = config;
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Rules", description = "Active by default; state=expired, deleted or all.")
    public Uni<List<RuleView>> list(
            @QueryParam("state") @DefaultValue("active") String state,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10_000) int limit) {
        RuleState filter;
        try {
            filter = "all".equals(state) ? null : RuleState.of(state);
        } catch (IllegalArgumentException e) {
            throw problem(400, "state must be active, expired, deleted or all", List.of());
        }
        return repository
                .list(filter, limit)
                .map(rules -> rules.stream().map(RuleView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One rule")
    public Uni<RuleView> get(@PathParam("id") String id) {
        return repository.find(id).map(stored -> {
            if (stored == null) {
                throw notFound(id);
            }
            return RuleView.of(stored);
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Create a rule",
            description = "Made by the caller (from the token); active and on its way "
                    + "to every sidecar when the call returns.")
    public Uni<Response> create(@NotNull @Valid RuleRequest request) {
        Actor actor = Actor.of(identity);
        Instant now = clock.instant();
        String id = request.id() == null || request.id().isBlank() ? "op-" + UUID.randomUUID() : request.id();
        EnforcementRule rule = validated(request, id, actor, now, now);
        return repository
                .find(id)
                .flatMap(existing -> {
                    if (existing != null && existing.state() == RuleState.ACTIVE) {
                        throw problem(409, "rule " + id + " exists; replace it with PUT", List.of());
                    }
                    // audited before it takes effect: no rule is ever in force without its audit record
                    return audited(actor, OperatorActionKind.RULE_CREATED, rule)
                            .flatMap(ignored -> service.save(rule, false));
                })
                .map(saved -> Response.created(URI.create("/api/v1/rules/" + saved.id()))
                        .entity(new RuleView(saved, RuleState.ACTIVE, now))
                        .build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replace a rule", description = "The caller becomes its author.")
    public Uni<RuleView> replace(@PathParam("id") String id, @NotNull @Valid RuleRequest request) {
        Actor actor = Actor.of(identity);
        Instant now = clock.instant();
        return repository
                .find(id)
                .flatMap(existing -> {
                    if (existing == null) {
                        throw notFound(id);
                    }
                    EnforcementRule rule =
                            validated(request, id, actor, existing.rule().createdAt(), now);
                    return audited(actor, OperatorActionKind.RULE_CHANGED, rule)
                            .flatMap(ignored -> service.save(rule, true));
                })
                .map(saved -> new RuleView(saved, RuleState.ACTIVE, now));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Expire a rule now", description = "It leaves every sidecar's set.")
    public Uni<Response> delete(@PathParam("id") String id) {
        Actor actor = Actor.of(identity);
        return repository
                .find(id)
                .flatMap(existing -> {
                    if (existing == null || existing.state() != RuleState.ACTIVE) {
                        throw notFound(id);
                    }
                    return audited(actor, OperatorActionKind.RULE_EXPIRED, existing.rule())
                            .flatMap(ignored -> service.delete(id));
                })
                .map(retired -> {
                    if (retired == null) {
                        throw notFound(id);
                    }
                    return Response.noContent().build();
                });
    }

    private Uni<Void> audited(Actor actor, OperatorActionKind action, EnforcementRule rule) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("match", match(rule.match()));
        details.put("action", rule.action().wire());
        details.put("mode", rule.mode().wire());
        if (rule.expiresAt() != null) {
            details.put("expiresAt", rule.expiresAt().toString());
        }
        return audit.record(actor, action, TARGET, rule.id(), rule.reason(), details)
                .onFailure()
                .transform(failure -> new AuditNotRecordedException(
                        "Service Unavailable",
                        "the action was not taken: its audit record could not be written",
                        failure));
    }

    private static String match(EnforcementRule.Match match) {
        return StoredJson.write(EventJson.mapper(), match, "a rule's match");
    }

    private EnforcementRule validated(RuleRequest request, String id, Actor actor, Instant createdAt, Instant now) {
        EnforcementRule rule;
        try {
            rule = request.toRule(id, actor.subject(), createdAt, now);
        } catch (IllegalArgumentException e) {
            throw problem(400, e.getMessage(), List.of(e.getMessage()));
        }
        List<String> problems = new java.util.ArrayList<>(RuleValidation.problems(rule, config.signatures()));
        if (policy.allowlistedSubject(rule.match().subject())) {
            problems.add("match.subject is allowlisted and is never blocked");
        }
        if (policy.allowlistedAddress(rule.match().clientCidr())) {
            problems.add("match.clientCidr lies in an allowlisted block and is never blocked");
        }
        if (!problems.isEmpty()) {
            throw problem(400, problems.size() + " problems in the rule", problems);
        }
        return rule;
    }

    private static HttpProblem notFound(String id) {
        return HttpProblem.builder()
                .withStatus(404)
                .withTitle("Not Found")
                .withDetail("no rule " + id)
                .build();
    }

    private static HttpProblem problem(int status, String detail, List<String> errors) {
        HttpProblem.Builder builder = HttpProblem.builder()
                .withStatus(status)
                .withTitle(status == 409 ? "Conflict" : "Bad Request")
                .withDetail(detail);
        if (!errors.isEmpty()) {
            builder.with(
                    "errors",
                    errors.stream().map(message -> Map.of("message", message)).toList());
        }
        return builder.build();
    }
}
