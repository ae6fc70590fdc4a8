package io.apiguard.posture.scores;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.Severity;
import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.evaluation.PostureService;
import io.apiguard.support.security.Roles;

/** {@code GET /api/v1/scores}: overall, per namespace, and the lowest-scoring APIs. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/scores")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "scores", description = "Posture scores 0-100")
public class ScoreResource {

    private final PostureService posture;
    private final Scores scores;

    ScoreResource(PostureService posture, PostureConfig config) {
        this.posture = posture;
        PostureConfig.Scores weights = config.scores();
        this.scores = new Scores(Map.of(
                Severity.CRITICAL,
                weights.critical(),
                Severity.HIGH,
                weights.high(),
                Severity.MEDIUM,
                weights.medium(),
                Severity.LOW,
                weights.low(),
                Severity.INFO,
                weights.info()));
    }

    @GET
    @Operation(
            summary = "Scores",
            description =
                    "100 minus the weights of each API's open findings (floor 0); "
                            + "namespaces and overall are the mean of their APIs. `apis` lists the lowest-scoring `limit` APIs.")
    public Scores.Report scores(
            @QueryParam("namespace") String namespace,
            @QueryParam("limit") @DefaultValue("100") @Min(0) @Max(10000) int limit) {
        var apis = posture.apis().stream()
                .filter(api -> namespace == null
                        || namespace.equals(api.namespace() == null ? Scores.NO_NAMESPACE : api.namespace()))
                .toList();
        return scores.score(apis, posture.findings(), limit);
    }
}
