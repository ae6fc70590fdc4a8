package io.apiguard.detection.detectors;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The injection and SSRF detector as configured by {@code apiguard.detection.injection.*}. */
@Singleton
public class InjectionDefinition extends ConfiguredDetector<InjectionDetector.Settings> {

    InjectionDefinition(DetectionConfig config) {
        super(
                "injection",
                Arrays.stream(InjectionDetector.Family.values())
                        .map(InjectionDetector.Family::type)
                        .toList(),
                List.of("API7:2023", "API8:2023", "API10:2023"),
                config.injection().enabled(),
                settings(config.injection()));
    }

    static InjectionDetector.Settings settings(DetectionConfig.Injection c) {
        return new InjectionDetector.Settings(c.families().stream()
                .map(name -> Arrays.stream(InjectionDetector.Family.values())
                        .filter(family -> family.type().equals(name.trim()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown injection family: " + name)))
                .toList());
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of(
                "families",
                settings.families().stream().map(InjectionDetector.Family::type).toList());
    }

    @Override
    public Detector create() {
        return new InjectionDetector(settings);
    }
}
