package io.apiguard.sidecar.sync;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.support.security.WorkloadTokenFilter;
import io.smallrye.mutiny.Uni;

/**
 * enforcement-service's endpoints for sidecars: the signed rule set, and registration with heartbeat; every call
 * carries this pod's service-account token, which is how enforcement-service knows which sidecar calls.
 */
@RegisterRestClient(configKey = "enforcement")
@RegisterProvider(WorkloadTokenFilter.class)
@Path("/api/v1")
interface EnforcementClient {

    /** The current rule set, a JWS signed for this sidecar. */
    @GET
    @Path("/rule-set")
    @Produces(RuleSetJws.MEDIA_TYPE)
    Uni<String> ruleSet();

    /** Registers this sidecar or refreshes its registration (the heartbeat); idempotent. */
    @PUT
    @Path("/sidecars/{namespace}/{pod}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Registered> register(
            @PathParam("namespace") String namespace, @PathParam("pod") String pod, Registration registration);

    /**
     * What a sidecar tells enforcement-service about itself; where to push to is not among it: enforcement-service
     * takes that from the pod.
     *
     * @param service        the Kubernetes Service of the API it fronts, if known
     * @param mode           {@code enforce} or {@code monitor}
     * @param ruleSetVersion the version in force here
     * @param ruleSetHash    its content hash
     */
    record Registration(String service, String mode, long ruleSetVersion, String ruleSetHash) {}

    /**
     * enforcement-service's answer.
     *
     * @param currentVersion the version it considers current; a sidecar behind it pulls at once
     */
    record Registered(long currentVersion) {}
}
