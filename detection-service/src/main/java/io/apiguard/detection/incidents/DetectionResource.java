package io.apiguard.detection.incidents;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.support.edge.QueryParameters;
import io.apiguard.support.security.Actor;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Detections over REST, in the format {@code apiguard.detections} carries, and the false-positive verdict. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/detections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "detections", description = "Threats detected in the call stream")
public class DetectionResource {

    /**
     * The last page anyone may ask for: far beyond any real listing (half a billion rows at the largest size), and a
     * page number past it is a 400 rather than a scan of the whole table to skip that many rows.
     */
    static final int MAX_PAGE = 1_000_000;

    /** Longest reason accepted for a verdict, and for withdrawing the allowlist entry it made. */
    public static final int MAX_REASON = 500;

    /**
     * Body of a false-positive verdict. Who gives it is the caller's token, never a field here.
     *
     * @param reason   why the detection is wrong, for the audit trail and the allowlist
     * @param allowFor how long the allowlist entry suppresses the type for the subject (ISO-8601 duration)
     */
    public record FalsePositive(
            @NotBlank @Size(max = MAX_REASON) String reason,

            @Schema(
                    description = "ISO-8601 duration such as P7D or PT12H; default and maximum are configured "
                            + "(apiguard.detection.false-positives.*)",
                    example = "P7D")
            String allowFor) {}

    private final DetectionRepository repository;
    private final DetectionService service;
    private final SecurityIdentity identity;
    private final DetectionConfig.FalsePositives falsePositives;

    DetectionResource(
            DetectionRepository repository,
            DetectionService service,
            SecurityIdentity identity,
            DetectionConfig config) {
        this.repository = repository;
        this.service = service;
        this.identity = identity;
        this.falsePositives = config.falsePositives();
    }

    @GET
    @Operation(
            summary = "List detections",
            description =
                    "Filtered; newest update first, one page at a time. "
                            + "severity is a minimum; from/to select detections whose window overlaps them (ISO-8601 instants).")
    public Uni<DetectionPage> list(
            @QueryParam("subject") String subject,
            @QueryParam("type") String type,
            @QueryParam("severity") String severity,
            @QueryParam("state") String state,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        DetectionFilter filter = new DetectionFilter(
                QueryParameters.text(subject),
                QueryParameters.text(type),
                QueryParameters.filter("severity", severity, Severity.values()),
                QueryParameters.filter("state", state, DetectionState.values()),
                QueryParameters.instant("from", from),
                QueryParameters.instant("to", to));
        return repository.page(filter, page, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One detection")
    public Uni<DetectionView> get(@PathParam("id") String id) {
        return service.find(id);
    }

    @POST
    @Path("/{id}/false-positive")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Mark a detection as false positive",
            description = "Records who (the token's subject), why "
                    + "and when; creates an allowlist entry that suppresses the detection's type for its subject (or client "
                    + "address) for allowFor, until it expires or is withdrawn; publishes the new state so enforcement lifts "
                    + "derived rules. The action is recorded on apiguard.audit before it takes effect.")
    @APIResponse(responseCode = "200", description = "Marked; the detection with its verdict")
    @APIResponse(
            responseCode = "400",
            description = "No reason, or allowFor is not a positive ISO-8601 duration " + "within the maximum")
    @APIResponse(responseCode = "404", description = "No such detection")
    @APIResponse(responseCode = "409", description = "Already marked false positive, and its allowlist entry is active")
    @APIResponse(
            responseCode = "503",
            description = "The audit record was not acknowledged (nothing was changed), or "
                    + "the new state was not published")
    public Uni<DetectionView> falsePositive(@PathParam("id") String id, @Valid @NotNull FalsePositive body) {
        return service.markFalsePositive(id, body.reason().trim(), allowFor(body.allowFor()), Actor.of(identity));
    }

    /** The requested allowFor, or the default; within (0, max]. */
    private Duration allowFor(String value) {
        if (value == null || value.isBlank()) {
            return falsePositives.defaultAllowFor();
        }
        Duration allowFor;
        try {
            allowFor = Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid("allowFor must be an ISO-8601 duration such as P7D or PT12H, not '" + value + "'");
        }
        if (allowFor.isNegative() || allowFor.isZero()) {
            throw invalid("allowFor must be positive, not " + value);
        }
        if (allowFor.compareTo(falsePositives.maxAllowFor()) > 0) {
            throw invalid("allowFor must be at most " + iso(falsePositives.maxAllowFor()) + ", not " + value);
        }
        return allowFor;
    }

    /** {@code P90D} rather than {@code PT2160H} for whole days. */
    private static String iso(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0
                ? "P" + duration.toDays() + "D"
                : duration.toString();
    }

    private static HttpProblem invalid(String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle("Invalid false positive")
                .withDetail(detail)
                .build();
    }
}
