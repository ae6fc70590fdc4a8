package io.apiguard.posture.maturity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
import io.smallrye.mutiny.Uni;

/** Any apiguard app's {@code GET /api/v1/status}; one client per service, built by {@link StatusClient}. */
@Path("/api/v1/status")
interface StatusApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ServiceStatus<StatusEvidence>> status();
}
