package io.apiguard.posture.findings;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.Severity;
import io.apiguard.common.events.WireValue;
import io.apiguard.posture.evaluation.PostureService;
import io.apiguard.support.security.Actor;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1/findings} and {@code /api/v1/suppressions}: findings, filtered, and the operators' actions on them.
 * Reads need {@code viewer}, actions {@code operator}, a suppression of scope {@code all} {@code admin}. Every action is
 * attributed to the caller's verified token, never to a body field, and recorded on {@code apiguard.audit} before it
 * takes effect.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "findings", description = "Posture findings and their lifecycle")
public class FindingResource {

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .reversed()
            .thenComparing(Finding::changedAt, Comparator.reverseOrder())
            .thenComparing(Finding::id);

    private final PostureService posture;
    private final SecurityIdentity identity;

    FindingResource(PostureService posture, SecurityIdentity identity) {
        this.posture = posture;
        this.identity = identity;
    }

    /** A page of findings. */
    public record FindingPage(List<FindingView> items, int page, int size, long total) {}

    /** Body of an acknowledgement: why, and until when (the configured default when absent). */
    public record AcknowledgeRequest(
            @NotBlank @Size(max = 2000) String reason, Instant until) {}

    /** Body of a suppression: the scope ({@code api}, {@code namespace} or {@code all}) and why. */
    public record SuppressRequest(
            @NotBlank String scope,
            @NotBlank @Size(max = 2000) String reason) {}

    @GET
    @Path("/findings")
    @Operation(
            summary = "Findings",
            description = "Filter by api, namespace, rule, severity, state and OWASP category "
                    + "(API1:2023 or API1); ordered by severity, then latest change.")
    public FindingPage list(
            @QueryParam("api") String api,
            @QueryParam("namespace") String namespace,
            @QueryParam("rule") String rule,
            @QueryParam("severity") String severity,
            @QueryParam("state") String state,
            @QueryParam("owasp") String owasp,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        Severity wantedSeverity = parse(Severity.values(), severity, "severity");
        FindingState wantedState = parse(FindingState.values(), state, "state");
        String wantedOwasp = owasp == null || owasp.isBlank() ? null : owaspPrefix(owasp);
        List<Finding> matching = posture.findings().stream()
                .filter(f -> api == null || api.equals(f.apiId()))
                .filter(f -> namespace == null || namespace.equals(f.namespace()))
                .filter(f -> rule == null || rule.equals(f.ruleId()))
                .filter(f -> wantedSeverity == null || wantedSeverity == f.severity())
                .filter(f -> wantedState == null || wantedState == f.state())
                .filter(f -> wantedOwasp == null
                        || f.owaspCategory().toUpperCase(Locale.ROOT).startsWith(wantedOwasp))
                .sorted(ORDER)
                .toList();
        int from = (int) Math.min((long) page * size, matching.size());
        int to = Math.min(from + size, matching.size());
        return new FindingPage(
                matching.subList(from, to).stream().map(FindingView::of).toList(), page, size, matching.size());
    }

    @GET
    @Path("/findings/{id}")
    @Operation(summary = "One finding")
    public FindingView get(@PathParam("id") String id) {
        Finding finding = posture.finding(id);
        if (finding == null) {
            throw notFound("no finding " + id);
        }
        return FindingView.of(finding);
    }

    @POST
    @Path("/findings/{id}/ack")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Acknowledge a finding",
            description = "Why and until when; recorded under the caller's token. "
                    + "An acknowledged finding stops blocking Level 3 until then. 409 for resolved or suppressed findings; 503 "
                    + "when the audit record could not be written (nothing changed).")
    public Uni<FindingView> acknowledge(@PathParam("id") String id, @Valid @NotNull AcknowledgeRequest request) {
        Actor actor = Actor.of(identity);
        return guarded(() -> posture.acknowledge(actor, id, request.reason(), request.until()))
                .map(FindingView::of);
    }

    @POST
    @Path("/findings/{id}/unack")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Withdraw an acknowledgement",
            description = "The finding is open again; 409 unless "
                    + "acknowledged; 503 when the audit record could not be written (nothing changed).")
    public Uni<FindingView> unacknowledge(@PathParam("id") String id) {
        Actor actor = Actor.of(identity);
        return guarded(() -> posture.unacknowledge(actor, id)).map(FindingView::of);
    }

    @POST
    @Path("/findings/{id}/suppress")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Suppress the finding's rule",
            description = "Scope api (this API), namespace (its namespace) "
                    + "or all (everywhere; needs the admin role); covered findings become suppressed and stay so until the "
                    + "suppression is deleted. Recorded under the caller's token; 503 when the audit record could not be "
                    + "written (nothing changed).")
    public Uni<PostureService.Suppressed> suppress(
            @PathParam("id") String id, @Valid @NotNull SuppressRequest request) {
        Actor actor = Actor.of(identity);
        Suppression.Scope scope = Suppression.Scope.of(request.scope());
        if (scope == null) {
            throw badRequest("scope must be api, namespace or all: " + request.scope());
        }
        // @RolesAllowed cannot see the body: switching a rule off for every API is an admin's decision.
        if (scope == Suppression.Scope.ALL && !actor.roles().contains(Roles.ADMIN)) {
            throw HttpProblem.builder()
                    .withStatus(403)
                    .withTitle("Forbidden")
                    .withDetail("a suppression of scope all switches the rule off for every API and needs the admin "
                            + "role; an operator may suppress for the finding's api or namespace")
                    .build();
        }
        return guarded(() -> posture.suppress(actor, id, scope, request.reason()));
    }

    @GET
    @Path("/suppressions")
    @Operation(summary = "Suppressions")
    public List<Suppression> suppressions() {
        return posture.suppressions();
    }

    @DELETE
    @Path("/suppressions/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Delete a suppression",
            description = "The findings it suppressed are open again. Recorded "
                    + "under the caller's token; 503 when the audit record could not be written (nothing changed).")
    public Uni<PostureService.Suppressed> unsuppress(@PathParam("id") String id) {
        Actor actor = Actor.of(identity);
        return guarded(() -> posture.unsuppress(actor, id))
                .onItem()
                .ifNull()
                .failWith(() -> notFound("no suppression " + id));
    }

    /**
     * Runs an action and turns its refusals into problems, whether the action refused at once (before anything was
     * audited) or after its audit record was written (the finding changed meanwhile).
     */
    private static <T> Uni<T> guarded(Supplier<Uni<T>> action) {
        return Uni.createFrom().<T>deferred(action::get).onFailure().transform(FindingResource::problem);
    }

    private static Throwable problem(Throwable failure) {
        if (failure instanceof NoSuchElementException) {
            return notFound(failure.getMessage());
        }
        if (failure instanceof IllegalStateException) {
            return HttpProblem.builder()
                    .withStatus(409)
                    .withTitle("Conflict")
                    .withDetail(failure.getMessage())
                    .build();
        }
        if (failure instanceof IllegalArgumentException) {
            return badRequest(failure.getMessage());
        }
        // Anything else goes on as it is: an unacknowledged audit record is already its 503 problem (the transaction
        // of a suppression fails with the audit failure that rolled it back, not with a wrapper of it).
        return failure;
    }

    private static String owaspPrefix(String owasp) {
        String upper = owasp.trim().toUpperCase(Locale.ROOT);
        if (!upper.matches("API([1-9]|10)(:2023)?")) {
            throw badRequest("owasp must be an OWASP API Top 10 category such as API1:2023 or API1: " + owasp);
        }
        return upper.contains(":") ? upper : upper + ":";
    }

    private static <E extends WireValue> E parse(E[] values, String wire, String name) {
        if (wire == null || wire.isBlank()) {
            return null;
        }
        for (E value : values) {
            if (value.wire().equalsIgnoreCase(wire.trim())) {
                return value;
            }
        }
        throw badRequest("unknown " + name + " " + wire);
    }

    private static HttpProblem notFound(String detail) {
        return HttpProblem.builder()
                .withStatus(404)
                .withTitle("Not Found")
                .withDetail(detail)
                .build();
    }

    private static HttpProblem badRequest(String detail) {
        return HttpProblem.builder()
                .withStatus(400)
                .withTitle("Bad Request")
                .withDetail(detail)
                .build();
    }
}
