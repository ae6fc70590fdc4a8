package io.apiguard.detection.allowlist;

import java.util.Arrays;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.WireValue;
import io.apiguard.detection.incidents.DetectionResource;
import io.apiguard.support.security.Actor;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The false-positive allowlist over REST: what is suppressed, for whom, on whose word, until when; and withdrawal. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/allowlist")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "allowlist", description = "Detection types suppressed for a subject by a false-positive verdict")
public class AllowlistResource {

    /**
     * The last page anyone may ask for: far beyond any real listing (half a billion rows at the largest size), and a
     * page number past it is a 400 rather than a scan of the whole table to skip that many rows.
     */
    static final int MAX_PAGE = 1_000_000;

    private static final String ALL = "all";

    private final AllowlistService service;
    private final SecurityIdentity identity;

    AllowlistResource(AllowlistService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(
            summary = "List allowlist entries",
            description = "Newest first, one page at a time. state: active "
                    + "(the default: neither expired nor withdrawn), expired, withdrawn, or all.")
    public Uni<AllowlistPage> list(
            @QueryParam("state") @DefaultValue("active") String state,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.page(state(state), page, size);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Withdraw an allowlist entry",
            description = "The entry stops suppressing at once (on other "
                    + "replicas within the allowlist refresh): its detection type is raised again for its subject. The entry "
                    + "is kept, with who withdrew it and when; the action is recorded on apiguard.audit.")
    @APIResponse(responseCode = "200", description = "Withdrawn; the entry as it now stands")
    @APIResponse(responseCode = "404", description = "No such entry")
    @APIResponse(responseCode = "409", description = "The entry already expired or was withdrawn")
    @APIResponse(responseCode = "503", description = "The audit record was not acknowledged; nothing was changed")
    public Uni<AllowlistEntry> withdraw(
            @PathParam("id") String id, @QueryParam("reason") @Size(max = DetectionResource.MAX_REASON) String reason) {
        return service.withdraw(id, reason == null || reason.isBlank() ? null : reason.trim(), Actor.of(identity));
    }

    private static AllowlistEntry.State state(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        if (ALL.equals(wanted)) {
            return null;
        }
        return AllowlistEntry.State.parse(wanted)
                .orElseThrow(() -> HttpProblem.builder()
                        .withStatus(Response.Status.BAD_REQUEST)
                        .withTitle("Bad filter")
                        .withDetail("state must be one of "
                                + Arrays.stream(AllowlistEntry.State.values())
                                        .map(WireValue::wire)
                                        .toList() + " or all, not '" + value + "'")
                        .build());
    }
}
