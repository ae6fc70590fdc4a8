package io.apiguard.logging.enforcement;

import java.util.Arrays;
import java.util.List;

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

import io.apiguard.common.events.EnforcementEvent;
import io.apiguard.common.events.EnforcementEventKind;
import io.apiguard.common.events.WireValue;
import io.apiguard.support.edge.QueryParameters;
import io.apiguard.support.security.Roles;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/audit/enforcement}: what enforcement did, newest first. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/audit/enforcement")
public class EnforcementAuditResource {

    private final EnforcementAuditRepository audit;

    EnforcementAuditResource(EnforcementAuditRepository audit) {
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enforcement events (rules created, changed, expired; rule sets pushed), newest first")
    public Uni<List<EnforcementEvent>> search(
            @QueryParam("ruleId") String ruleId,
            @QueryParam("subject") String subject,
            @QueryParam("kind") String kind,
            @QueryParam("limit")
                    @Parameter(
                            description = "1-1000, default 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "1000",
                                            defaultValue = "100"))
                    String limit) {
        int pageSize = QueryParameters.limit(limit, 100, 1_000);
        if (kind != null
                && Arrays.stream(EnforcementEventKind.values())
                        .map(WireValue::wire)
                        .noneMatch(kind::equals)) {
            throw QueryParameters.badRequest("kind must be one of "
                    + Arrays.stream(EnforcementEventKind.values())
                            .map(WireValue::wire)
                            .toList() + ", not '" + QueryParameters.abbreviated(kind) + "'");
        }
        return audit.search(QueryParameters.text(ruleId), QueryParameters.text(subject), kind, pageSize);
    }
}
