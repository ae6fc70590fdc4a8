package io.apiguard.logging;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link LoggingConfig} for plain unit tests: the shipped defaults, with a few settings changed. */
public final class TestConfig {

    private TestConfig() {}

    /** The defaults of {@link LoggingConfig}. */
    public static LoggingConfig defaults() {
        return with(Map.of());
    }

    /** The defaults of {@link LoggingConfig} with {@code properties} (full names) set. */
    public static LoggingConfig with(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(LoggingConfig.class)
                // "5m", "1h": the forms Quarkus reads durations in
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(LoggingConfig.class);
    }
}
