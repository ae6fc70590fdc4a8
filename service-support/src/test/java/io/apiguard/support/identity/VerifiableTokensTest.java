package io.apiguard.support.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.identity.IdentitySettings.Source;
import io.quarkus.runtime.LaunchMode;

/** JWT resolution without a key is refused in production unless it is meant. */
class VerifiableTokensTest {

    private static final List<Source> ALL = List.of(Source.values());

    @Test
    void theProdProfileRefusesJwtResolutionWithoutAKey() {
        assertThatThrownBy(() -> IdentityResolverProducer.requireVerifiableTokens(ALL, false, false, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apiguard.identity.allow-unverified");
    }

    @Test
    void aKeyOrAnExplicitAllowanceOrNoJwtSourceIsAccepted() {
        assertThatCode(() -> IdentityResolverProducer.requireVerifiableTokens(ALL, true, false, LaunchMode.NORMAL))
                .doesNotThrowAnyException();
        assertThatCode(() -> IdentityResolverProducer.requireVerifiableTokens(ALL, false, true, LaunchMode.NORMAL))
                .doesNotThrowAnyException();
        assertThatCode(() -> IdentityResolverProducer.requireVerifiableTokens(
                        List.of(Source.API_KEY, Source.CLIENT_CERTIFICATE), false, false, LaunchMode.NORMAL))
                .doesNotThrowAnyException();
    }

    @Test
    void testsAndDevelopmentMayRunWithoutAKey() {
        assertThatCode(() -> IdentityResolverProducer.requireVerifiableTokens(ALL, false, false, LaunchMode.TEST))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        IdentityResolverProducer.requireVerifiableTokens(ALL, false, false, LaunchMode.DEVELOPMENT))
                .doesNotThrowAnyException();
    }
}
