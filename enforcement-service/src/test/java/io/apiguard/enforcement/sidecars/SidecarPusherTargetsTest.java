package io.apiguard.enforcement.sidecars;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Which sidecars a push goes to ({@link SidecarPusher#pushable}). */
class SidecarPusherTargetsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final String ADMIN_URL = "http://10.0.0.7:8091";

    private static Sidecar sidecar(String adminUrl, boolean discovered, Instant lastContact, long ackedVersion) {
        return new Sidecar(
                "payments/accounts-1",
                "payments",
                "accounts-1",
                "accounts",
                adminUrl,
                "enforce",
                !discovered,
                discovered,
                ackedVersion,
                null,
                lastContact,
                null);
    }

    @Test
    void aLiveRegistrationOrAFoundPodIsPushedEveryVersion() {
        assertThat(SidecarPusher.pushable(sidecar(ADMIN_URL, false, NOW, 9), 9, false, NOW, STALE_AFTER))
                .isTrue();
        assertThat(SidecarPusher.pushable(sidecar(ADMIN_URL, true, null, 0), 9, false, NOW, STALE_AFTER))
                .isTrue();
    }

    @Test
    void aSidecarWithoutAnAddressOrASilentRegistrationIsNotPushed() {
        assertThat(SidecarPusher.pushable(sidecar(null, true, NOW, 0), 9, false, NOW, STALE_AFTER))
                .isFalse();
        assertThat(SidecarPusher.pushable(
                        sidecar(ADMIN_URL, false, NOW.minus(STALE_AFTER).minusSeconds(1), 0),
                        9,
                        false,
                        NOW,
                        STALE_AFTER))
                .isFalse();
        assertThat(SidecarPusher.pushable(sidecar(ADMIN_URL, false, null, 0), 9, false, NOW, STALE_AFTER))
                .isFalse();
    }

    @Test
    void aReconcilePushesOnlySidecarsBehindTheVersion() {
        assertThat(SidecarPusher.pushable(sidecar(ADMIN_URL, false, NOW, 8), 9, true, NOW, STALE_AFTER))
                .isTrue();
        assertThat(SidecarPusher.pushable(sidecar(ADMIN_URL, false, NOW, 9), 9, true, NOW, STALE_AFTER))
                .isFalse();
        assertThat(SidecarPusher.pushable(sidecar(ADMIN_URL, true, null, 10), 9, true, NOW, STALE_AFTER))
                .isFalse();
    }
}
