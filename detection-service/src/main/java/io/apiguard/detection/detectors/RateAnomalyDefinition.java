package io.apiguard.detection.detectors;

import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The request-rate anomaly detector as configured by {@code apiguard.detection.rate-anomaly.*}. */
@Singleton
public class RateAnomalyDefinition extends ConfiguredDetector<RateAnomalyDetector.Settings> {

    RateAnomalyDefinition(DetectionConfig config) {
        super(
                "rate-anomaly",
                List.of(RateAnomalyDetector.TYPE),
                List.of(RateAnomalyDetector.OWASP),
                config.rateAnomaly().enabled(),
                settings(config.rateAnomaly()));
    }

    static RateAnomalyDetector.Settings settings(DetectionConfig.RateAnomaly c) {
        return new RateAnomalyDetector.Settings(
                c.window(),
                c.baseline().deviations(),
                c.baseline().factor(),
                c.minBaselineWindows(),
                c.baseline().alpha(),
                c.minCalls(),
                c.unlearnedCeiling(),
                c.maxKeys());
    }

    @Override
    public Detector create() {
        return new RateAnomalyDetector(settings);
    }
}
