package io.apiguard.detection.detectors;

import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The exfiltration-by-volume detector as configured by {@code apiguard.detection.exfiltration.*}. */
@Singleton
public class VolumeExfiltrationDefinition extends ConfiguredDetector<VolumeExfiltrationDetector.Settings> {

    VolumeExfiltrationDefinition(DetectionConfig config) {
        super(
                "exfiltration",
                List.of(VolumeExfiltrationDetector.TYPE),
                List.of("API3:2023", "API4:2023"),
                config.exfiltration().enabled(),
                settings(config.exfiltration()));
    }

    static VolumeExfiltrationDetector.Settings settings(DetectionConfig.Exfiltration c) {
        return new VolumeExfiltrationDetector.Settings(
                c.window(),
                c.baseline().deviations(),
                c.baseline().factor(),
                c.minBaselineWindows(),
                c.baseline().alpha(),
                c.minBytes(),
                c.minRecords(),
                c.maxSubjects());
    }

    @Override
    public Detector create() {
        return new VolumeExfiltrationDetector(settings);
    }
}
