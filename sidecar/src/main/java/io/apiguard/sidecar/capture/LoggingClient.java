package io.apiguard.sidecar.capture;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.support.security.WorkloadTokenFilter;
import io.smallrye.mutiny.Uni;

/** logging-service's batch endpoint; every batch carries this pod's service-account token. */
@RegisterRestClient(configKey = "logging")
@RegisterProvider(WorkloadTokenFilter.class)
@Path("/api/v1")
interface LoggingClient {

    @POST
    @Path("/calls:batch")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> send(List<ApiCallRecord> calls);
}
