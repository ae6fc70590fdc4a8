package io.apiguard.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.detection.correlation.EgressCorrelator;
import io.apiguard.detection.detectors.ObjectEnumerationDetector;
import io.apiguard.detection.detectors.RateAnomalyDetector;
import io.apiguard.detection.detectors.VolumeExfiltrationDetector;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The shared groups of {@link DetectionConfig} keep the property names operators set, and each detector's defaults. */
class DetectionConfigTest {

    @Test
    void withNothingSetEveryDetectorHasTheDefaultsItsSettingsDeclare() {
        // When
        DetectionConfig config = mapped(Map.of());

        // Then
        RateAnomalyDetector.Settings rate = RateAnomalyDetector.Settings.defaults();
        assertThat(config.rateAnomaly().enabled()).isTrue();
        assertThat(config.rateAnomaly().window()).isEqualTo(rate.window());
        assertThat(config.rateAnomaly().baseline().deviations()).isEqualTo(rate.deviations());
        assertThat(config.rateAnomaly().baseline().factor()).isEqualTo(rate.factor());
        assertThat(config.rateAnomaly().baseline().alpha()).isEqualTo(rate.alpha());
        assertThat(config.rateAnomaly().minBaselineWindows()).isEqualTo(rate.minBaselineWindows());

        ObjectEnumerationDetector.Settings enumeration = ObjectEnumerationDetector.Settings.defaults();
        assertThat(config.objectEnumeration().baseline().deviations()).isEqualTo(enumeration.deviations());
        assertThat(config.objectEnumeration().minBaselineWindows()).isEqualTo(enumeration.minBaselineWindows());

        VolumeExfiltrationDetector.Settings exfiltration = VolumeExfiltrationDetector.Settings.defaults();
        assertThat(config.exfiltration().baseline().factor()).isEqualTo(exfiltration.factor());
        assertThat(config.exfiltration().minBaselineWindows()).isEqualTo(exfiltration.minBaselineWindows());

        EgressCorrelator.Settings egress = EgressCorrelator.Settings.defaults();
        assertThat(config.egressCorrelation().baseline().alpha()).isEqualTo(egress.alpha());
        assertThat(config.egressCorrelation().minBaselineWindows()).isEqualTo(egress.minBaselineWindows());
        assertThat(config.injection().enabled()).isTrue();
    }

    @Test
    void theSharedGroupsAreReadAtEachDetectorsOwnLevelAndApartPerDetector() {
        // When: the names operators have always set, with no "baseline" segment
        DetectionConfig config = mapped(Map.of(
                "apiguard.detection.rate-anomaly.deviations", "6",
                "apiguard.detection.rate-anomaly.factor", "2.5",
                "apiguard.detection.rate-anomaly.alpha", "0.1",
                "apiguard.detection.rate-anomaly.enabled", "false",
                "apiguard.detection.egress-correlation.deviations", "9",
                "apiguard.detection.exfiltration.window", "2m"));

        // Then
        assertThat(config.rateAnomaly().baseline().deviations()).isEqualTo(6);
        assertThat(config.rateAnomaly().baseline().factor()).isEqualTo(2.5);
        assertThat(config.rateAnomaly().baseline().alpha()).isEqualTo(0.1);
        assertThat(config.rateAnomaly().enabled()).isFalse();
        assertThat(config.egressCorrelation().baseline().deviations()).isEqualTo(9);
        assertThat(config.exfiltration().window()).isEqualTo(Duration.ofMinutes(2));
        // and the other detectors keep their own values
        assertThat(config.objectEnumeration().baseline().deviations()).isEqualTo(4);
        assertThat(config.exfiltration().baseline().factor()).isEqualTo(3);
        assertThat(config.objectEnumeration().enabled()).isTrue();
    }

    private static DetectionConfig mapped(Map<String, String> values) {
        // Quarkus's own converter reads durations such as 30m, as the app does
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(DetectionConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter());
        values.forEach(builder::withDefaultValue);
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(DetectionConfig.class);
    }
}
