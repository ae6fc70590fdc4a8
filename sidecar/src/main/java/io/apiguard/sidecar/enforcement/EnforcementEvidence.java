package io.apiguard.sidecar.enforcement;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.status.SidecarFigures;
import io.apiguard.sidecar.sync.SidecarEnforcement;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

/**
 * The sidecar's evidence on {@code GET /api/v1/status}, under {@code evidence.sidecar} (a {@link SidecarFigures}): which
 * rule set it enforces, and whether it blocks. Named apart from enforcement-service's {@code evidence.enforcement},
 * whose record has another shape.
 */
@ApplicationScoped
public class EnforcementEvidence implements StatusContributor {

    private final SidecarEnforcement enforcement;

    EnforcementEvidence(SidecarEnforcement enforcement) {
        this.enforcement = enforcement;
    }

    @Override
    public String name() {
        return "sidecar";
    }

    @Override
    public Uni<SidecarFigures> evidence() {
        RuleSet active = enforcement.activeSet();
        return Uni.createFrom()
                .item(new SidecarFigures(
                        active.version(),
                        active.hash(),
                        enforcement.rulesActive(),
                        enforcement.enforcing(),
                        enforcement.declaredMode()));
    }
}
