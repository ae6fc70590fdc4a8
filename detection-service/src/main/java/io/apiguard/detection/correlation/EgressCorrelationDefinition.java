package io.apiguard.detection.correlation;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.DetectorDefinition;

/**
 * The egress correlation as configured by {@code apiguard.detection.egress-correlation.*}. It reads network flows, not
 * call partitions, so the engine does not run it per partition; {@link EgressCorrelation} does.
 */
@Singleton
public class EgressCorrelationDefinition implements DetectorDefinition {

    private final boolean enabled;
    private final EgressCorrelator.Settings settings;

    EgressCorrelationDefinition(DetectionConfig config) {
        DetectionConfig.EgressCorrelation c = config.egressCorrelation();
        this.enabled = c.enabled();
        this.settings = new EgressCorrelator.Settings(
                c.watchFor(),
                c.window(),
                c.minBytes(),
                c.baseline().deviations(),
                c.baseline().factor(),
                c.minBaselineWindows(),
                c.baseline().alpha(),
                c.maxAddresses());
    }

    @Override
    public String name() {
        return "egress-correlation";
    }

    @Override
    public List<String> types() {
        return List.of(EgressCorrelator.TYPE);
    }

    @Override
    public List<String> owaspCategories() {
        return List.of("API3:2023");
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Map<String, Object> settings() {
        return DetectorDefinition.asView(settings);
    }

    @Override
    public Detector create() {
        return (call, now, out) -> {};
    }

    @Override
    public boolean partitioned() {
        return false;
    }

    public EgressCorrelator.Settings correlatorSettings() {
        return settings;
    }
}
