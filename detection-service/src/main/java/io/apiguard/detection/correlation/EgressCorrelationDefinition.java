package io.apiguard.detection.correlation;

import java.util.LinkedHashMap;
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
    private final boolean cardSkimmingEnabled;
    private final CardSkimmingCorrelator.Settings cardSkimming;

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
        DetectionConfig.CardSkimming card = c.cardSkimming();
        this.cardSkimmingEnabled = c.enabled() && card.enabled();
        this.cardSkimming = new CardSkimmingCorrelator.Settings(
                card.around(),
                card.period(),
                card.minFlows(),
                card.minPeriods(),
                card.offsiteOnly(),
                card.maxPods(),
                card.maxDestinations(),
                card.maxCalls());
    }

    @Override
    public String name() {
        return "egress-correlation";
    }

    @Override
    public List<String> types() {
        return List.of(EgressCorrelator.TYPE, CardSkimmingCorrelator.TYPE);
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
        Map<String, Object> view = new LinkedHashMap<>(DetectorDefinition.asView(settings));
        view.put(
                "cardSkimming",
                cardSkimmingEnabled ? DetectorDefinition.asView(cardSkimming) : Map.of("enabled", false));
        return view;
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

    /** Whether the card-skimming correlation runs (it needs the egress correlation on). */
    public boolean cardSkimmingEnabled() {
        return cardSkimmingEnabled;
    }

    public CardSkimmingCorrelator.Settings cardSkimmingSettings() {
        return cardSkimming;
    }
}
