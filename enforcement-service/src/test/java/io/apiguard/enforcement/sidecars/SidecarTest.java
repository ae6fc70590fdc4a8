package io.apiguard.enforcement.sidecars;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** When a sidecar counts as live and enforcing, and where it is pushed to. */
class SidecarTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);

    private static Sidecar heardFrom(Instant lastContact, String mode) {
        return new Sidecar(
                "payments/accounts-1",
                "payments",
                "accounts-1",
                "accounts",
                "http://10.0.0.7:8091",
                mode,
                true,
                false,
                3,
                null,
                lastContact,
                null);
    }

    @Test
    void aSidecarIsLiveUpToExactlyStaleAfterSinceItWasLastHeardFrom() {
        assertThat(heardFrom(NOW, "enforce").live(NOW, STALE_AFTER)).isTrue();
        assertThat(heardFrom(NOW.minus(STALE_AFTER), "enforce").live(NOW, STALE_AFTER))
                .isTrue();
        assertThat(heardFrom(NOW.minus(STALE_AFTER).minusMillis(1), "enforce").live(NOW, STALE_AFTER))
                .isFalse();
    }

    @Test
    void aSidecarNeverHeardFromIsNotLive() {
        // found by its pod label, never registered nor acknowledged a push
        assertThat(heardFrom(null, "unknown").live(NOW, STALE_AFTER)).isFalse();
    }

    @Test
    void onlyASidecarThatDeclaredEnforceModeEnforces() {
        assertThat(heardFrom(NOW, "enforce").enforces()).isTrue();
        assertThat(heardFrom(NOW, "monitor").enforces()).isFalse();
        assertThat(heardFrom(NOW, "unknown").enforces()).isFalse();
        assertThat(heardFrom(NOW, null).enforces()).isFalse();
    }

    @Test
    void anIpv6AdminAddressIsBracketedInTheUrl() {
        assertThat(PodDiscovery.adminUrl("10.0.0.7", 8091)).isEqualTo("http://10.0.0.7:8091");
        assertThat(PodDiscovery.adminUrl("fd00::7", 9000)).isEqualTo("http://[fd00::7]:9000");
    }
}
