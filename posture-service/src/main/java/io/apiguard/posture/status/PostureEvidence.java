package io.apiguard.posture.status;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

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
    public Uni<Map<String, Object>> evidence() {
        Posture.Figures figures = posture.figures();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rules", RuleCatalogue.rules().size());
        evidence.put("apis", figures.apis());
        evidence.put("apisEvaluatedRecently", figures.evaluatedRecently());
        evidence.put("evaluatedShare", Math.round(figures.evaluatedShare() * 10_000) / 10_000.0);
        evidence.put("lastFullEvaluation", posture.lastFullEvaluation() == null ? "never"
                : posture.lastFullEvaluation().toString());
        evidence.put("findings", figures.findingsByState());
        evidence.put("openCriticalUnacknowledged", figures.openCritical());
        evidence.put("acknowledgedCritical", figures.acknowledgedCritical());
        evidence.put("callsCounted", traffic.callsCounted());
        evidence.put("callsUnmapped", traffic.callsUnmapped());
        return Uni.createFrom().item(evidence);
    }
}
