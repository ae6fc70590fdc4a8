package io.apiguard.sidecar.enforcement;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

/** The sidecar's Level 5 evidence on {@code GET /api/v1/status}: which rule set it enforces, and whether it blocks. */
@ApplicationScoped
public class EnforcementEvidence implements StatusContributor {

    private final SidecarEnforcement enforcement;

    EnforcementEvidence(SidecarEnforcement enforcement) {
        this.enforcement = enforcement;
    }

    @Override
    public String name() {
        return "enforcement";
    }

    @Override
    public Uni<Map<String, Object>> evidence() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("ruleSetVersion", enforcement.activeSet().version());
        figures.put("ruleSetHash", enforcement.activeSet().hash());
        figures.put("rulesActive", enforcement.rulesActive());
        figures.put("enforcing", enforcement.enforcing());
        figures.put("mode", enforcement.declaredMode());
        return Uni.createFrom().item(figures);
    }
}
