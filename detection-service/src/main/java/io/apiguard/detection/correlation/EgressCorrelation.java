package io.apiguard.detection.correlation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.stream.DetectionPipeline;

/** The replica's {@link EgressCorrelator}, or nothing when the correlation is disabled. Thread-safe. */
@ApplicationScoped
public class EgressCorrelation {

    private final EgressCorrelator correlator;

    EgressCorrelation(EgressCorrelationDefinition definition, DetectionConfig config, Allowlist allowlist) {
        this.correlator = definition.enabled()
                ? new EgressCorrelator(
                        definition.correlatorSettings(), DetectionPipeline.incidentSettings(config), allowlist)
                : null;
    }

    /** Watches the addresses of {@code detection}. */
    public void flag(Detection detection) {
        if (correlator != null) {
            correlator.flag(detection);
        }
    }

    /** The detections {@code flow} raises. */
    public List<KeyedDetection> observe(NetworkFlow flow) {
        return correlator == null ? List.of() : correlator.observe(flow);
    }

    public List<KeyedDetection> sweep(long now) {
        return correlator == null ? List.of() : correlator.sweep(now);
    }

    public int watchedAddresses() {
        return correlator == null ? 0 : correlator.watchedAddresses();
    }
}
