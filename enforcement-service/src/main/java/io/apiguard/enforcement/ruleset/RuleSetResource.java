package io.apiguard.enforcement.ruleset;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * The current rule set for pulling sidecars, signed like a push (the sidecar verifies it the same way), and its
 * version for anyone.
 */
@Path("/api/v1/rule-set")
public class RuleSetResource {

    private final RuleSetPublisher publisher;

    RuleSetResource(RuleSetPublisher publisher) {
        this.publisher = publisher;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response current() {
        SignedRuleSet set = publisher.current();
        if (set == null) {
            throw HttpProblem.builder().withStatus(503).withTitle("Service Unavailable")
                    .withDetail("the rule set is not built yet").build();
        }
        Response.ResponseBuilder response = Response.ok(set.body(), MediaType.APPLICATION_JSON);
        set.headers(publisher.signature(), Instant.now()).forEach(response::header);
        return response.header("ETag", "\"" + set.ruleSet().hash() + "\"").build();
    }
}
