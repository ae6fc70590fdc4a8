package io.apiguard.posture.maturity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.support.security.Roles;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/maturity}: where the organisation stands, with the evidence; and a badge of it. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/maturity")
@Tag(name = "maturity", description = "The maturity level 0-5 with evidence per level")
public class MaturityResource {

    private final MaturityService maturity;

    MaturityResource(MaturityService maturity) {
        this.maturity = maturity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Maturity level",
            description = "level = the highest L such that levels 1..L all hold; per "
                    + "level the criteria, the measured evidence, whether it holds, and the next step. Always 200: a service "
                    + "that does not answer makes its level not hold.")
    public Uni<MaturityReport> maturity() {
        return maturity.assess();
    }

    @GET
    @Path("/badge")
    @Produces("image/svg+xml")
    @Operation(summary = "Maturity badge (SVG)")
    public Uni<String> badge() {
        return maturity.assess().map(Badge::svg);
    }

    @GET
    @Path("/badge")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Maturity badge (text)")
    public Uni<String> badgeText() {
        return maturity.assess().map(Badge::text);
    }
}
