package io.apiguard.common.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RuleSetSignatureTest {

    private static final RuleSetSignature SIGNER = RuleSetSignature.withSecret("a-shared-secret-of-32-characters");
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final byte[] BODY = "{\"version\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignedBodyVerifies() {
        String signature = SIGNER.sign(NOW.getEpochSecond(), BODY);

        assertThat(SIGNER.verify(String.valueOf(NOW.getEpochSecond()), signature, BODY, NOW, TOLERANCE))
                .isEqualTo(RuleSetSignature.Verdict.VALID);
    }

    @Test
    void anotherBodyAnotherSecretOrAnotherTimestampDoNot() {
        String signature = SIGNER.sign(NOW.getEpochSecond(), BODY);
        String timestamp = String.valueOf(NOW.getEpochSecond());
        byte[] tampered = "{\"version\":2}".getBytes(StandardCharsets.UTF_8);
        RuleSetSignature other = RuleSetSignature.withSecret("another-secret-of-32-characters!");

        assertThat(SIGNER.verify(timestamp, signature, tampered, NOW, TOLERANCE))
                .isEqualTo(RuleSetSignature.Verdict.MISMATCH);
        assertThat(other.verify(timestamp, signature, BODY, NOW, TOLERANCE)).isEqualTo(RuleSetSignature.Verdict.MISMATCH);
        assertThat(SIGNER.verify(String.valueOf(NOW.getEpochSecond() + 1), signature, BODY, NOW, TOLERANCE))
                .isEqualTo(RuleSetSignature.Verdict.MISMATCH);
    }

    @Test
    void missingMalformedAndStaleSignaturesAreRefused() {
        long old = NOW.minus(Duration.ofMinutes(10)).getEpochSecond();

        assertThat(SIGNER.verify(null, null, BODY, NOW, TOLERANCE)).isEqualTo(RuleSetSignature.Verdict.MISSING);
        assertThat(SIGNER.verify("123", "sha1=abc", BODY, NOW, TOLERANCE)).isEqualTo(RuleSetSignature.Verdict.MALFORMED);
        assertThat(SIGNER.verify("x", "v1=00", BODY, NOW, TOLERANCE)).isEqualTo(RuleSetSignature.Verdict.MALFORMED);
        assertThat(SIGNER.verify(String.valueOf(old), SIGNER.sign(old, BODY), BODY, NOW, TOLERANCE))
                .isEqualTo(RuleSetSignature.Verdict.STALE);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> RuleSetSignature.withSecret("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
