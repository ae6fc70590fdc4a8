package io.apiguard.support.status;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.status.ServiceStatus;
import io.apiguard.support.security.Roles;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/status}: the service's own account of its readiness and maturity evidence. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status", description = "Readiness of dependencies and maturity evidence")
public class StatusResource {

    private final StatusService statusService;

    StatusResource(StatusService statusService) {
        this.statusService = statusService;
    }

    @GET
    @Operation(
            summary = "Service status",
            description = "Always 200: a dependency that is down is reported in the body, not as an error.")
    public Uni<ServiceStatus<Map<String, Object>>> status() {
        return statusService.current();
    }
}
