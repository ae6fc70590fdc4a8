package io.apiguard.detection.detectors;

import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The unusual object access detector as configured by {@code apiguard.detection.unusual-access.*}. */
@Singleton
public class UnusualAccessDefinition extends ConfiguredDetector<UnusualAccessDetector.Settings> {

    UnusualAccessDefinition(DetectionConfig config) {
        super(
                "unusual-access",
                List.of(UnusualAccessDetector.TYPE),
                List.of(UnusualAccessDetector.OWASP),
                config.unusualAccess().enabled(),
                settings(config.unusualAccess()));
    }

    static UnusualAccessDetector.Settings settings(DetectionConfig.UnusualAccess c) {
        return new UnusualAccessDetector.Settings(
                c.learningPeriod(),
                c.minLearningCalls(),
                c.window(),
                c.minNovelObjects(),
                c.minNovelTypeCalls(),
                c.maxLearnedObjects(),
                c.maxLearnedTypes(),
                c.maxSubjects());
    }

    @Override
    public Detector create() {
        return new UnusualAccessDetector(settings);
    }
}
