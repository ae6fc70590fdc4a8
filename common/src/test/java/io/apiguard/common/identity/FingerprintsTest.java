package io.apiguard.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

    private static final byte[] KEY = "a key every sidecar holds".getBytes(StandardCharsets.UTF_8);

    @Test
    void aKeyedFingerprintIsStableUnderOneKeyAndNeverThePlainHash() {
        // When
        String once = Fingerprints.keyed(KEY, "alice@example.com");
        String again = Fingerprints.keyed(KEY, "alice@example.com");

        // Then
        assertThat(once).matches("hmac:[0-9a-f]{16}").isEqualTo(again);
        assertThat(once.substring(5))
                .isNotEqualTo(Fingerprints.of("alice@example.com").substring(7));
        assertThat(Fingerprints.keyed(KEY, "bob@example.com")).isNotEqualTo(once);
        assertThat(Fingerprints.keyed("another key".getBytes(StandardCharsets.UTF_8), "alice@example.com"))
                .isNotEqualTo(once);
        assertThat(Fingerprints.isKeyed(once)).isTrue();
        assertThat(Fingerprints.isKeyed("alice@example.com")).isFalse();
        assertThat(Fingerprints.isKeyed(Fingerprints.of("alice"))).isFalse();
        assertThat(Fingerprints.isKeyed(null)).isFalse();
    }

    @Test
    void aKeyerWritesWhatKeyedWrites() {
        // Given
        java.util.function.UnaryOperator<String> keyer = Fingerprints.keyer(KEY);

        // When / Then: one MAC used for many values gives each the fingerprint of its own
        assertThat(keyer.apply("1044")).isEqualTo(Fingerprints.keyed(KEY, "1044"));
        assertThat(keyer.apply("2211")).isEqualTo(Fingerprints.keyed(KEY, "2211"));
        assertThat(keyer.apply("1044")).isEqualTo(Fingerprints.keyed(KEY, "1044"));
    }
}
