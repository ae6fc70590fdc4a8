package io.apiguard.enforcement.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.testing.rules.RuleSetKeys;

/** A rule set signed for one sidecar: valid there, for a short while, and nowhere else; no key, no start. */
class RuleSetSigningTest {

    private static final Duration VALIDITY = Duration.ofMinutes(10);
    private static final SignedRuleSet SET =
            SignedRuleSet.of(RuleSet.of(12, Instant.now(), List.of(), RuleSet.Allowlist.NONE, Map.of(), Map.of()));

    /** The signing settings under test; nothing else of the configuration is read. */
    record Config(EnforcementConfig.Signing signing) implements EnforcementConfig {

        @Override
        public Map<String, String> signatures() {
            return Map.of();
        }

        @Override
        public Distribution distribution() {
            throw new UnsupportedOperationException("not read by signing");
        }

        @Override
        public Discovery discovery() {
            throw new UnsupportedOperationException("not read by signing");
        }

        @Override
        public PositiveModel positiveModel() {
            throw new UnsupportedOperationException("not read by signing");
        }
    }

    record Signing(Path privateKeyFile, String keyId, Duration validity) implements EnforcementConfig.Signing {}

    @Test
    void aSetSignedForOneSidecarVerifiesThereUntilItsValidityEnds(@TempDir Path dir) {
        // Given
        RuleSetKeys keys = RuleSetKeys.generate(dir, "enforcement-1");
        RuleSetSigning signing =
                new RuleSetSigning(new Config(new Signing(keys.privateKeyFile(), "enforcement-1", VALIDITY)));
        Instant before = Instant.now();

        // When
        String jws = signing.signFor(SET, "payments/accounts-1");

        // Then
        RuleSetJws.Verified verified = keys.verifier().verify(jws, "payments/accounts-1", Instant.now(), true);
        assertThat(verified.valid()).isTrue();
        assertThat(verified.version()).isEqualTo(12);
        assertThat(verified.keyId()).isEqualTo("enforcement-1");
        assertThat(verified.document()).isEqualTo(SET.document());
        assertThat(verified.notAfter())
                .isBetween(
                        before.plus(VALIDITY).minusSeconds(1),
                        Instant.now().plus(VALIDITY).plusSeconds(1));
        assertThat(keys.verifier()
                        .verify(jws, "payments/accounts-2", Instant.now(), true)
                        .verdict())
                .isEqualTo(RuleSetJws.Verdict.WRONG_AUDIENCE);
        assertThat(keys.verifier()
                        .verify(
                                jws,
                                "payments/accounts-1",
                                Instant.now().plus(VALIDITY).plusSeconds(2),
                                true)
                        .verdict())
                .isEqualTo(RuleSetJws.Verdict.EXPIRED);
    }

    @Test
    void aMissingKeyFailsTheStart(@TempDir Path dir) {
        Config config = new Config(new Signing(dir.resolve("absent.pem"), "enforcement-1", VALIDITY));

        assertThatThrownBy(() -> new RuleSetSigning(config))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read the rule-set signing key");
    }
}
