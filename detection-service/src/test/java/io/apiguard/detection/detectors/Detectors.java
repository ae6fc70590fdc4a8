package io.apiguard.detection.detectors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.DetectorDefinition;

/** Every partition detector with its default settings, for tests and benchmarks outside CDI. */
public final class Detectors {

    private Detectors() {}

    public static List<DetectorDefinition> defaults() {
        return List.of(
                plain(
                        "auth-attacks",
                        () -> new AuthenticationAttackDetector(AuthenticationAttackDetector.Settings.defaults())),
                plain(
                        "exfiltration",
                        () -> new VolumeExfiltrationDetector(VolumeExfiltrationDetector.Settings.defaults())),
                plain("login-failures", () -> new LoginFailureDetector(LoginFailureDetector.Settings.defaults())),
                plain("function-abuse", () -> new FunctionAbuseDetector(FunctionAbuseDetector.Settings.defaults())),
                plain("injection", () -> new InjectionDetector(InjectionDetector.Settings.defaults())),
                plain(
                        "object-enumeration",
                        () -> new ObjectEnumerationDetector(ObjectEnumerationDetector.Settings.defaults())),
                plain("sensitive-data", () -> new SensitiveDataDetector(SensitiveDataDetector.Settings.defaults())),
                plain("rate-anomaly", () -> new RateAnomalyDetector(RateAnomalyDetector.Settings.defaults())),
                plain("unusual-access", () -> new UnusualAccessDetector(UnusualAccessDetector.Settings.defaults())),
                plain(
                        "non-learnt-identifier",
                        () -> new NonLearntIdentifierDetector(
                                NonLearntIdentifierDetector.Settings.defaults(),
                                "a test object-id key of the deployment".getBytes(StandardCharsets.UTF_8))));
    }

    private static DetectorDefinition plain(String name, Supplier<Detector> factory) {
        return new DetectorDefinition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> types() {
                return List.of();
            }

            @Override
            public List<String> owaspCategories() {
                return List.of();
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Map<String, Object> settings() {
                return Map.of();
            }

            @Override
            public Detector create() {
                return factory.get();
            }
        };
    }
}
