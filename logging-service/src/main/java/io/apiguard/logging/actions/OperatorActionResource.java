package io.apiguard.logging.actions;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.logging.store.PageCursor;
import io.apiguard.support.edge.QueryParameters;
import io.apiguard.support.security.Roles;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/audit/actions}: what operators did through apiguard's APIs, newest first, with cursor paging. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/audit/actions")
public class OperatorActionResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final OperatorActionRepository repository;

    OperatorActionResource(OperatorActionRepository repository) {
        this.repository = repository;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Operator actions (findings acknowledged, detections marked, rules created ...), newest first;"
                    + " follow nextCursor for the next page")
    public Uni<OperatorActionRepository.Page> search(
            @QueryParam("actor") @Parameter(description = "who acted: a user name, or system:serviceaccount:<ns>:<sa>")
                    String actor,
            @QueryParam("service") @Parameter(description = "the app acted through, e.g. posture-service")
                    String service,
            @QueryParam("action") @Parameter(description = "what was done, e.g. rule-created") String action,
            @QueryParam("targetType") @Parameter(description = "finding, suppression, detection, allowlist-entry, rule")
                    String targetType,
            @QueryParam("targetId") String targetId,
            @QueryParam("from") @Parameter(description = "inclusive ISO-8601 instant") String from,
            @QueryParam("to") @Parameter(description = "exclusive ISO-8601 instant") String to,
            @QueryParam("limit")
                    @Parameter(
                            description = "1-1000, default 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "1000",
                                            defaultValue = "100"))
                    String limit,
            @QueryParam("cursor") @Parameter(description = "the previous page's nextCursor") String cursor) {
        Instant fromInstant = QueryParameters.instant("from", from);
        Instant toInstant = QueryParameters.instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw QueryParameters.badRequest("from must lie before to");
        }
        PageCursor after = QueryParameters.cursor(cursor, PageCursor::decode);
        OperatorActionRepository.Filter filter = new OperatorActionRepository.Filter(
                QueryParameters.text(actor),
                QueryParameters.text(service),
                QueryParameters.wire("action", action, OperatorActionKind.values()),
                QueryParameters.text(targetType),
                QueryParameters.text(targetId),
                fromInstant,
                toInstant);
        return repository.search(filter, after, QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }
}
