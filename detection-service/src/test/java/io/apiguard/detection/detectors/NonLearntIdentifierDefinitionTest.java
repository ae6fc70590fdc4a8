package io.apiguard.detection.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The non-learnt identifier settings operators set map onto the detector's; its key never shows in the view. */
class NonLearntIdentifierDefinitionTest {

    private static final String KEY = "apiguard.detection.non-learnt-identifier.key";

    @Test
    void withNothingSetTheDetectorHasItsDeclaredDefaultsAndIsOnButKeyless() {
        NonLearntIdentifierDefinition.Config config = mapped(Map.of());

        assertThat(NonLearntIdentifierDefinition.settings(config))
                .isEqualTo(NonLearntIdentifierDetector.Settings.defaults());
        assertThat(config.enabled()).isTrue();
        assertThat(config.key()).isEmpty();
    }

    @Test
    void theThresholdsAreSetAndTheKeyStaysOutOfTheDetectorView() {
        NonLearntIdentifierDefinition definition = new NonLearntIdentifierDefinition(mapped(Map.of(
                KEY,
                "the deployment's object-id key",
                "apiguard.detection.non-learnt-identifier.min-never-given",
                "25",
                "apiguard.detection.non-learnt-identifier.window",
                "30m",
                "apiguard.detection.non-learnt-identifier.min-given-share",
                "0.9")));

        assertThat(definition.settings())
                .containsEntry("minNeverGiven", 25)
                .containsEntry("minGivenShare", 0.9)
                .doesNotContainKey("key");
        assertThat(definition.settings().toString()).doesNotContain("object-id key");
        assertThat(NonLearntIdentifierDefinition.settings(
                                mapped(Map.of("apiguard.detection.non-learnt-identifier.window", "30m")))
                        .window())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(definition.create()).isInstanceOf(NonLearntIdentifierDetector.class);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStartup() {
        assertThatThrownBy(() -> new NonLearntIdentifierDefinition(mapped(Map.of(KEY, "too short"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> NonLearntIdentifierDefinition.settings(
                        mapped(Map.of("apiguard.detection.non-learnt-identifier.min-given-share", "1.5"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("within (0, 1]");
        assertThatThrownBy(() -> NonLearntIdentifierDefinition.settings(
                        mapped(Map.of("apiguard.detection.non-learnt-identifier.min-never-given", "0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static NonLearntIdentifierDefinition.Config mapped(Map<String, String> values) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(NonLearntIdentifierDefinition.Config.class)
                .withConverter(Duration.class, 200, new DurationConverter());
        values.forEach(builder::withDefaultValue);
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(NonLearntIdentifierDefinition.Config.class);
    }
}
