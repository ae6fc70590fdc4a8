package io.apiguard.detection.detectors;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import io.apiguard.common.inspect.DataClass;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The sensitive-data detector as configured by {@code apiguard.detection.sensitive-data.*}. */
@Singleton
public class SensitiveDataDefinition extends ConfiguredDetector<SensitiveDataDetector.Settings> {

    SensitiveDataDefinition(DetectionConfig config) {
        super(
                "sensitive-data",
                List.of(SensitiveDataDetector.NEW_CLASS_TYPE, SensitiveDataDetector.EXFILTRATION_TYPE),
                List.of("API3:2023"),
                config.sensitiveData().enabled(),
                settings(config.sensitiveData()));
    }

    static SensitiveDataDetector.Settings settings(DetectionConfig.SensitiveData c) {
        return new SensitiveDataDetector.Settings(
                c.baselineCalls(),
                classes(c.sensitiveClasses()),
                c.window(),
                c.baseline().deviations(),
                c.baseline().factor(),
                c.minBaselineWindows(),
                c.baseline().alpha(),
                c.minRecords(),
                c.maxApis(),
                c.maxSubjects());
    }

    /** The classes named by their wire values ({@code card-number}); an unknown name fails startup. */
    static Set<DataClass> classes(Set<String> wire) {
        Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
        for (String name : wire) {
            classes.add(List.of(DataClass.values()).stream()
                    .filter(c -> c.wire().equals(name.trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "apiguard.detection.sensitive-data.sensitive-classes: unknown data class " + name)));
        }
        return classes;
    }

    @Override
    public Detector create() {
        return new SensitiveDataDetector(settings);
    }
}
