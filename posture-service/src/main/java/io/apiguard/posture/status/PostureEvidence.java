package io.apiguard.posture.status;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.status.PostureFigures;
import io.apiguard.posture.evaluation.Posture;
import io.apiguard.posture.evaluation.PostureService;
import io.apiguard.posture.rules.RuleCatalogue;
import io.apiguard.posture.traffic.TrafficService;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

/**
 * Level 3 evidence: how many APIs are inventoried and recently evaluated, findings per state, and open critical
 * findings nobody acknowledged.
 */
@ApplicationScoped
public class PostureEvidence implements StatusContributor {

    private final PostureService posture;
    private final TrafficService traffic;

    PostureEvidence(PostureService posture, TrafficService traffic) {
        this.posture = posture;
        this.traffic = traffic;
    }

    @Override
    public String name() {
        return "posture";
    }

    @Override
    public Uni<PostureFigures> evidence() {
        Posture.Figures figures = posture.figures();
        return Uni.createFrom()
                .item(new PostureFigures(
                        RuleCatalogue.rules().size(),
                        figures.apis(),
                        figures.evaluatedRecently(),
                        Math.round(figures.evaluatedShare() * 10_000) / 10_000.0,
                        posture.lastFullEvaluation() == null
                                ? "never"
                                : posture.lastFullEvaluation().toString(),
                        figures.findingsByState(),
                        figures.openCritical(),
                        figures.acknowledgedCritical(),
                        traffic.callsCounted(),
                        traffic.callsUnmapped()));
    }
}
