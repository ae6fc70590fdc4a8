package io.apiguard.logging.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.support.identity.IdentityConfig;
import io.apiguard.support.identity.IdentityResolverProducer;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * logging-service's shipped configuration against service-support's start-up check: in production, JWT resolution with
 * no key to verify tokens with refuses to start (logging builds its resolver at start, see {@code CallNormalizer}),
 * unless a key is named or unverified tokens are meant.
 */
class LoggingIdentitySettingsTest {

    @Test
    void productionWithoutAKeyRefusesToStart() throws IOException {
        assertThatThrownBy(() -> check(config("prod", Map.of()), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key verifies tokens");
    }

    @Test
    void productionWithAJwksUrlOrAllowedUnverifiedTokensStarts() throws IOException {
        assertThatCode(() -> check(
                        config("prod", Map.of("apiguard.identity.jwt.jwks-url", "https://issuer.example/jwks")),
                        LaunchMode.NORMAL))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        check(config("prod", Map.of("apiguard.identity.allow-unverified", "true")), LaunchMode.NORMAL))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        check(config("prod", Map.of("apiguard.identity.order", "api-key,basic")), LaunchMode.NORMAL))
                .doesNotThrowAnyException();
    }

    @Test
    void theTestProfileNamesItsKeys() throws IOException {
        assertThatCode(() -> check(config("test", Map.of()), LaunchMode.NORMAL)).doesNotThrowAnyException();
    }

    /** The check the producer runs when it builds the resolver. */
    private static void check(IdentityConfig config, LaunchMode mode) {
        IdentityResolverProducer.requireVerifiableTokens(config, mode);
    }

    /** The identity settings logging-service ships, in {@code profile}, with {@code overrides} set as by env vars. */
    private static IdentityConfig config(String profile, Map<String, String> overrides) throws IOException {
        URL shipped = LoggingIdentitySettingsTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(shipped, 250))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(IdentityConfig.class)
                .build()
                .getConfigMapping(IdentityConfig.class);
    }
}
