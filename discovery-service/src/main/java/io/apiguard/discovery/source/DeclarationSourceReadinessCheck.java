package io.apiguard.discovery.source;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the declarations are in sync: the informers listed the cluster, or the manifests were read. */
@Readiness
@ApplicationScoped
public class DeclarationSourceReadinessCheck implements HealthCheck {

    private final DeclarationSource source;

    DeclarationSourceReadinessCheck(DeclarationSource source) {
        this.source = source;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ingress declarations")
                .status(source.isSynced())
                .withData(
                        "source",
                        source.active() == null
                                ? "starting"
                                : source.active().name().toLowerCase(Locale.ROOT));
        if (source.offlineResult() != null) {
            response.withData("manifestFiles", source.offlineResult().files().size())
                    .withData(
                            "manifestProblems",
                            source.offlineResult().problems().size());
        }
        return response.build();
    }
}
