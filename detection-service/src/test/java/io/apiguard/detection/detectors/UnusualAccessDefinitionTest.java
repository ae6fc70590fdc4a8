package io.apiguard.detection.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The unusual-access settings operators set map onto the detector's, with the defaults its settings declare. */
class UnusualAccessDefinitionTest {

    @Test
    void withNothingSetTheDetectorHasItsDeclaredDefaults() {
        assertThat(UnusualAccessDefinition.settings(mapped(Map.of())))
                .isEqualTo(UnusualAccessDetector.Settings.defaults());
        assertThat(mapped(Map.of()).enabled()).isTrue();
    }

    @Test
    void theBaselinesReadinessIsSetByCallsAndPeriods() {
        UnusualAccessDetector.Settings settings = UnusualAccessDefinition.settings(mapped(Map.of(
                "apiguard.detection.unusual-access.min-baseline-calls", "200",
                "apiguard.detection.unusual-access.min-baseline-periods", "3",
                "apiguard.detection.unusual-access.baseline-period", "24h",
                "apiguard.detection.unusual-access.foreign-horizon", "7d",
                "apiguard.detection.unusual-access.owner-share", "0.9")));

        assertThat(settings.minBaselineCalls()).isEqualTo(200);
        assertThat(settings.minBaselinePeriods()).isEqualTo(3);
        assertThat(settings.baselinePeriod()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.foreignHorizon()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.ownerShare()).isEqualTo(0.9);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStartup() {
        assertThatThrownBy(() -> UnusualAccessDefinition.settings(
                        mapped(Map.of("apiguard.detection.unusual-access.owner-share", "1.5"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner share");
        assertThatThrownBy(() -> UnusualAccessDefinition.settings(
                        mapped(Map.of("apiguard.detection.unusual-access.foreign-horizon", "10m"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizon");
        assertThatThrownBy(() -> UnusualAccessDefinition.settings(
                        mapped(Map.of("apiguard.detection.unusual-access.min-baseline-periods", "0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UnusualAccessDefinition.Config mapped(Map<String, String> values) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(UnusualAccessDefinition.Config.class)
                .withConverter(Duration.class, 200, new DurationConverter());
        values.forEach(builder::withDefaultValue);
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(UnusualAccessDefinition.Config.class);
    }
}
