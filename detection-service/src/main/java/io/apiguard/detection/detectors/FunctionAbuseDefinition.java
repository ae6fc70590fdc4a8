package io.apiguard.detection.detectors;

import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The function-level abuse detector as configured by {@code apiguard.detection.function-abuse.*}. */
@Singleton
public class FunctionAbuseDefinition extends ConfiguredDetector<FunctionAbuseDetector.Settings> {

    FunctionAbuseDefinition(DetectionConfig config) {
        super(
                "function-abuse",
                List.of(FunctionAbuseDetector.ADMIN_ACCESS, FunctionAbuseDetector.UNUSUAL_OPERATION),
                List.of(FunctionAbuseDetector.OWASP),
                config.functionAbuse().enabled(),
                settings(config.functionAbuse()));
    }

    static FunctionAbuseDetector.Settings settings(DetectionConfig.FunctionAbuse c) {
        return new FunctionAbuseDetector.Settings(
                c.adminPath(),
                c.adminRoles(),
                c.deniedAdminCalls(),
                c.learningPeriod(),
                c.minLearningCalls(),
                c.window(),
                c.unusualCalls(),
                c.adoptAfterSubjects(),
                c.maxOperationsPerRole(),
                c.maxKeys());
    }

    @Override
    public Detector create() {
        return new FunctionAbuseDetector(settings);
    }
}
