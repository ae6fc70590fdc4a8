package io.apiguard.detection.correlation;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.stream.DetectionPipeline;

/**
 * The replica's {@link EgressCorrelator} and {@link CardSkimmingCorrelator}, or nothing for each that is disabled.
 * Thread-safe.
 */
@ApplicationScoped
public class EgressCorrelation {

    private final EgressCorrelator correlator;
    private final CardSkimmingCorrelator cardSkimming;

    EgressCorrelation(EgressCorrelationDefinition definition, DetectionConfig config, Allowlist allowlist) {
        this.correlator = definition.enabled()
                ? new EgressCorrelator(
                        definition.correlatorSettings(), DetectionPipeline.incidentSettings(config), allowlist)
                : null;
        this.cardSkimming = definition.cardSkimmingEnabled()
                ? new CardSkimmingCorrelator(
                        definition.cardSkimmingSettings(), DetectionPipeline.incidentSettings(config), allowlist)
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
        List<KeyedDetection> egress = correlator == null ? List.of() : correlator.observe(flow);
        List<KeyedDetection> skimming = cardSkimming == null ? List.of() : cardSkimming.observe(flow);
        return concat(egress, skimming);
    }

    /** The detections a call carrying card data completes (a pod's new destination waiting for one). */
    public List<KeyedDetection> observe(ApiCallRecord call) {
        return cardSkimming == null ? List.of() : cardSkimming.observe(call);
    }

    /** Whether calls are wanted at all: the card-call feed skips its work when not. */
    public boolean wantsCalls() {
        return cardSkimming != null;
    }

    public List<KeyedDetection> sweep(long now) {
        return concat(
                correlator == null ? List.of() : correlator.sweep(now),
                cardSkimming == null ? List.of() : cardSkimming.sweep(now));
    }

    private static List<KeyedDetection> concat(List<KeyedDetection> a, List<KeyedDetection> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<KeyedDetection> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    public int watchedAddresses() {
        return correlator == null ? 0 : correlator.watchedAddresses();
    }
}
