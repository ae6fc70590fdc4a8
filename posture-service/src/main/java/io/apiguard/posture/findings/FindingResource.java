package io.apiguard.posture.findings;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

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
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;

/** {@code /api/v1/findings} and {@code /api/v1/suppressions}: findings, filtered, and the operators' actions on them. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "findings", description = "Posture findings and their lifecycle")
public class FindingResource {

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Finding::changedAt, Comparator.reverseOrder())
            .thenComparing(Finding::id);

    private final PostureService posture;

    FindingResource(PostureService posture) {
        this.posture = posture;
    }

    /** A page of findings. */
    public record FindingPage(List<FindingView> items, int page, int size, long total) {
    }

    /** Body of an acknowledgement: who, why, and until when (the configured default when absent). */
    public record AcknowledgeRequest(@NotBlank @Size(max = 200) String by, @NotBlank @Size(max = 2000) String reason,
            Instant until) {
    }

    /** Body of a suppression: the scope ({@code api}, {@code namespace} or {@code all}), who and why. */
    public record SuppressRequest(@NotBlank String scope, @NotBlank @Size(max = 200) String by,
            @NotBlank @Size(max = 2000) String reason) {
    }

    @GET
    @Path("/findings")
    @Operation(summary = "Findings", description = "Filter by api, namespace, rule, severity, state and OWASP category "
            + "(API1:2023 or API1); ordered by severity, then latest change.")
    public FindingPage list(@QueryParam("api") String api, @QueryParam("namespace") String namespace,
            @QueryParam("rule") String rule, @QueryParam("severity") String severity,
            @QueryParam("state") String state, @QueryParam("owasp") String owasp,
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
                .filter(f -> wantedOwasp == null || f.owaspCategory().toUpperCase(Locale.ROOT).startsWith(wantedOwasp))
                .sorted(ORDER)
                .toList();
        int from = (int) Math.min((long) page * size, matching.size());
        int to = Math.min(from + size, matching.size());
        return new FindingPage(matching.subList(from, to).stream().map(FindingView::of).toList(), page, size,
                matching.size());
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
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge a finding", description = "Who, why and until when; an acknowledged finding "
            + "stops blocking Level 3 until then. 409 for resolved or suppressed findings.")
    public Uni<FindingView> acknowledge(@PathParam("id") String id, @Valid @NotNull AcknowledgeRequest request) {
        return guarded(() -> posture.acknowledge(id, request.by(), request.reason(), request.until()))
                .map(FindingView::of);
    }

    @POST
    @Path("/findings/{id}/unack")
    @Operation(summary = "Withdraw an acknowledgement", description = "The finding is open again; 409 unless acknowledged.")
    public Uni<FindingView> unacknowledge(@PathParam("id") String id) {
        return guarded(() -> posture.unacknowledge(id)).map(FindingView::of);
    }

    @POST
    @Path("/findings/{id}/suppress")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suppress the finding's rule", description = "Scope api (this API), namespace (its namespace) "
            + "or all (everywhere); covered findings become suppressed and stay so until the suppression is deleted.")
    public Uni<PostureService.Suppressed> suppress(@PathParam("id") String id,
            @Valid @NotNull SuppressRequest request) {
        Suppression.Scope scope = Suppression.Scope.of(request.scope());
        if (scope == null) {
            throw badRequest("scope must be api, namespace or all: " + request.scope());
        }
        return guarded(() -> posture.suppress(id, scope, request.by(), request.reason()));
    }

    @GET
    @Path("/suppressions")
    @Operation(summary = "Suppressions")
    public List<Suppression> suppressions() {
        return posture.suppressions();
    }

    @DELETE
    @Path("/suppressions/{id}")
    @Operation(summary = "Delete a suppression", description = "The findings it suppressed are open again.")
    public Uni<PostureService.Suppressed> unsuppress(@PathParam("id") String id) {
        return posture.unsuppress(id).onItem().ifNull().failWith(() -> notFound("no suppression " + id));
    }

    private static <T> Uni<T> guarded(Supplier<Uni<T>> action) {
        try {
            return action.get();
        } catch (NoSuchElementException e) {
            throw notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw HttpProblem.builder().withStatus(409).withTitle("Conflict").withDetail(e.getMessage()).build();
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
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
        return HttpProblem.builder().withStatus(404).withTitle("Not Found").withDetail(detail).build();
    }

    private static HttpProblem badRequest(String detail) {
        return HttpProblem.builder().withStatus(400).withTitle("Bad Request").withDetail(detail).build();
    }
}
