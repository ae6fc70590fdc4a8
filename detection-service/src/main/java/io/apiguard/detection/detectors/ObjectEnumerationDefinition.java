package io.apiguard.detection.detectors;

import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The object enumeration detector as configured by {@code apiguard.detection.object-enumeration.*}. */
@Singleton
public class ObjectEnumerationDefinition extends ConfiguredDetector<ObjectEnumerationDetector.Settings> {

    ObjectEnumerationDefinition(DetectionConfig config) {
        super(
                "object-enumeration",
                List.of(ObjectEnumerationDetector.TYPE),
                List.of(ObjectEnumerationDetector.OWASP),
                config.objectEnumeration().enabled(),
                settings(config.objectEnumeration()));
    }

    static ObjectEnumerationDetector.Settings settings(DetectionConfig.ObjectEnumeration c) {
        return new ObjectEnumerationDetector.Settings(
                c.window(),
                c.minDistinct(),
                c.baseline().deviations(),
                c.baseline().factor(),
                c.minBaselineWindows(),
                c.baseline().alpha(),
                c.sequentialRun(),
                c.notFoundMin(),
                c.notFoundRatio(),
                c.maxObjectsPerKey(),
                c.maxKeys());
    }

    @Override
    public Detector create() {
        return new ObjectEnumerationDetector(settings);
    }
}
