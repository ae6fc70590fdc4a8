package io.apiguard.enforcement.sidecars;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.apiguard.common.rules.RuleSetJws;
import io.smallrye.mutiny.Uni;

/**
 * A sidecar's admin endpoint for rule sets; one client per sidecar address (built by {@link SidecarDelivery}, which
 * adds enforcement-service's own service-account token to every push).
 */
@Path("/api/v1/rules")
interface SidecarAdminClient {

    @PUT
    @Consumes(RuleSetJws.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Ack> push(String signedRuleSet);

    /**
     * The sidecar's answer to an accepted push.
     *
     * @param version   the version now in force there
     * @param hash      its hash
     * @param rules     its rule count
     * @param status    installed or unchanged
     * @param enforcing whether it blocks
     */
    record Ack(long version, String hash, int rules, String status, boolean enforcing) {}
}
