package io.apiguard.detection.incidents;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.Severity;
import io.apiguard.common.events.WireValue;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;

/** Detections over REST, in the format {@code apiguard.detections} carries, and the false-positive verdict. */
@Path("/api/v1/detections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "detections", description = "Threats detected in the call stream")
public class DetectionResource {

    /** Body of a false-positive verdict. */
    public record FalsePositive(String reason) {
    }

    private final DetectionRepository repository;
    private final DetectionService service;

    DetectionResource(DetectionRepository repository, DetectionService service) {
        this.repository = repository;
        this.service = service;
    }

    @GET
    @Operation(summary = "List detections", description = "Filtered; newest update first, one page at a time. "
            + "severity is a minimum; from/to select detections whose window overlaps them (ISO-8601 instants).")
    public Uni<DetectionPage> list(
            @QueryParam("subject") String subject,
            @QueryParam("type") String type,
            @QueryParam("severity") String severity,
            @QueryParam("state") String state,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        DetectionFilter filter = new DetectionFilter(blankToNull(subject), blankToNull(type),
                parse("severity", severity, Severity.values()), parse("state", state, DetectionState.values()),
                instant("from", from), instant("to", to));
        return repository.page(filter, page, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One detection")
    public Uni<Detection> get(@PathParam("id") String id) {
        return service.find(id);
    }

    @POST
    @Path("/{id}/false-positive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark a detection as false positive", description = "Its type is never raised again for its "
            + "subject (or client address); the new state is published so enforcement lifts derived rules.")
    public Uni<Detection> falsePositive(@PathParam("id") String id, FalsePositive body) {
        return service.markFalsePositive(id, body == null ? null : body.reason());
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 instant such as 2026-11-22T10:15:30Z, not '" + value + "'");
        }
    }

    private static <E extends Enum<E> & WireValue> E parse(String name, String value, E[] values) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values).filter(candidate -> candidate.wire().equals(wanted)).findFirst()
                .orElseThrow(() -> badRequest(name + " must be one of "
                        + Arrays.stream(values).map(WireValue::wire).toList() + ", not '" + value + "'"));
    }

    private static HttpProblem badRequest(String detail) {
        return HttpProblem.builder().withStatus(Response.Status.BAD_REQUEST).withTitle("Bad filter").withDetail(detail)
                .build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
