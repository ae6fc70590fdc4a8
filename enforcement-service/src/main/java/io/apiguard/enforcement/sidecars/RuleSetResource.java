package io.apiguard.enforcement.sidecars;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.enforcement.ruleset.RuleSetSigning;
import io.apiguard.enforcement.ruleset.SignedRuleSet;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The current rule set for a pulling sidecar, signed for that sidecar alone: the audience is the pod its token names,
 * so a pulled set cannot be installed by any other sidecar. The version served is recorded as delivered to that pod,
 * which is what its heartbeats may then claim to enforce.
 */
@Path("/api/v1/rule-set")
@Tag(name = "sidecars", description = "Sidecar registration and rule-set distribution")
public class RuleSetResource {

    private final RuleSetPublisher publisher;
    private final RuleSetSigning signing;
    private final SidecarRepository sidecars;
    private final SecurityIdentity identity;

    RuleSetResource(
            RuleSetPublisher publisher, RuleSetSigning signing, SidecarRepository sidecars, SecurityIdentity identity) {
        this.publisher = publisher;
        this.signing = signing;
        this.sidecars = sidecars;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.WORKLOAD)
    @Produces(RuleSetJws.MEDIA_TYPE)
    @Operation(
            summary = "Pull the current rule set",
            description =
                    "A JWS signed for the calling pod (from its " + "service-account token), valid for a few minutes.")
    public Uni<Response> current() {
        SidecarIdentity caller = SidecarIdentity.of(identity);
        SignedRuleSet set = publisher.current();
        if (set == null) {
            throw HttpProblem.builder()
                    .withStatus(503)
                    .withTitle("Service Unavailable")
                    .withDetail("the rule set is not built yet")
                    .build();
        }
        String jws = signing.signFor(set, caller.id());
        return sidecars.delivered(caller.id(), set.ruleSet().version())
                .map(ignored -> Response.ok(jws, RuleSetJws.MEDIA_TYPE)
                        .header("ETag", "\"" + set.ruleSet().hash() + "\"")
                        .build());
    }
}
