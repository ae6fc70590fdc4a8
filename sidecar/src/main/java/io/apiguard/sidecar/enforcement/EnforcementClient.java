package io.apiguard.sidecar.enforcement;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** enforcement-service's endpoints for sidecars: the signed rule set, and registration with heartbeat. */
@RegisterRestClient(configKey = "enforcement")
@Path("/api/v1")
interface EnforcementClient {

    /** The current rule set, signed in the response headers. */
    @GET
    @Path("/rule-set")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> ruleSet();

    /** Registers this sidecar or refreshes its registration (the heartbeat); idempotent. */
    @PUT
    @Path("/sidecars/{namespace}/{pod}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Registered> register(@PathParam("namespace") String namespace, @PathParam("pod") String pod,
            Registration registration);

    /**
     * What a sidecar tells enforcement-service about itself.
     *
     * @param service        the Kubernetes Service of the API it fronts, if known
     * @param adminUrl       where to push rule sets
     * @param mode           {@code enforce} or {@code monitor}
     * @param ruleSetVersion the version in force here
     * @param ruleSetHash    its content hash
     */
    record Registration(String service, String adminUrl, String mode, long ruleSetVersion, String ruleSetHash) {
    }

    /**
     * enforcement-service's answer.
     *
     * @param currentVersion the version it considers current; a sidecar behind it pulls at once
     */
    record Registered(long currentVersion) {
    }
}
