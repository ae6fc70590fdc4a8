package io.apiguard.discovery.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SecurityHintsTest {

    private static final String NGINX = "nginx.ingress.kubernetes.io/";
    private static final String TRAEFIK = "traefik.ingress.kubernetes.io/";

    @Test
    void noAnnotationsAreNoHints() {
        assertThat(SecurityHints.of(null)).isEmpty();
        assertThat(SecurityHints.of(Map.of())).isEmpty();
        assertThat(SecurityHints.of(Map.of("kubernetes.io/ingress.class", "nginx")))
                .isEmpty();
    }

    @Test
    void anExternalAuthUrlWinsOverAnAuthTypeWhichWinsOverAClientCertificate() {
        assertThat(SecurityHints.of(Map.of(
                        NGINX + "auth-url",
                        "http://auth",
                        NGINX + "auth-type",
                        "basic",
                        NGINX + "auth-tls-secret",
                        "ns/ca")))
                .containsEntry("auth", "external");
        assertThat(SecurityHints.of(Map.of(NGINX + "auth-type", "Basic", NGINX + "auth-tls-secret", "ns/ca")))
                .containsEntry("auth", "basic");
        assertThat(SecurityHints.of(Map.of(NGINX + "auth-tls-secret", "ns/ca"))).containsEntry("auth", "mtls");
    }

    @Test
    void theFirstRateLimitInOrderRpsRpmConnectionsIsTheHint() {
        assertThat(SecurityHints.of(Map.of(NGINX + "limit-rpm", "600", NGINX + "limit-connections", "10")))
                .containsEntry("rate-limit", "rpm=600");
        assertThat(SecurityHints.of(Map.of(NGINX + "limit-rps", "5", NGINX + "limit-rpm", "600")))
                .containsEntry("rate-limit", "rps=5");
        assertThat(SecurityHints.of(Map.of(NGINX + "limit-connections", "10")))
                .containsEntry("rate-limit", "connections=10");
    }

    @Test
    void corsIsHintedOnlyWhenEnabledWithTheControllersDefaultsForWhatIsNotSaid() {
        assertThat(SecurityHints.of(Map.of(NGINX + "enable-cors", "TRUE")))
                .contains(entry("cors-allow-origin", "*"), entry("cors-allow-credentials", "true"));
        assertThat(SecurityHints.of(Map.of(
                        NGINX + "enable-cors",
                        "true",
                        NGINX + "cors-allow-origin",
                        "https://app.example",
                        NGINX + "cors-allow-credentials",
                        "false")))
                .contains(entry("cors-allow-origin", "https://app.example"), entry("cors-allow-credentials", "false"));
        assertThat(SecurityHints.of(Map.of(NGINX + "enable-cors", "false", NGINX + "cors-allow-origin", "*")))
                .doesNotContainKeys("cors-allow-origin", "cors-allow-credentials");
    }

    @Test
    void aForcedSslRedirectWinsOverThePlainOneAndEitherAllowlistSpellingCounts() {
        assertThat(SecurityHints.of(Map.of(NGINX + "force-ssl-redirect", "TRUE", NGINX + "ssl-redirect", "false")))
                .containsEntry("ssl-redirect", "true");
        assertThat(SecurityHints.of(Map.of(NGINX + "ssl-redirect", "False"))).containsEntry("ssl-redirect", "false");
        assertThat(SecurityHints.of(Map.of(
                        NGINX + "whitelist-source-range",
                        "10.0.0.0/8",
                        NGINX + "allowlist-source-range",
                        "192.0.2.0/24")))
                .containsEntry("source-allowlist", "10.0.0.0/8");
        assertThat(SecurityHints.of(Map.of(NGINX + "allowlist-source-range", "192.0.2.0/24")))
                .containsEntry("source-allowlist", "192.0.2.0/24");
    }

    @Test
    void traefikMiddlewaresAreHintedByTheirNamesWithoutOverridingWhatNginxSaid() {
        // Given: middlewares whose names say auth, rate limit and redirect
        Map<String, String> hints = SecurityHints.of(Map.of(
                TRAEFIK + "router.middlewares",
                "ns-basicAuth@kubernetescrd,ns-rateLimit@kubernetescrd,ns-redirect-https@kubernetescrd",
                TRAEFIK + "router.tls",
                "true"));

        // Then
        assertThat(hints)
                .contains(
                        entry("auth", "middleware"),
                        entry("rate-limit", "middleware"),
                        entry("ssl-redirect", "true"),
                        entry("tls", "true"));
        assertThat(hints.get("middlewares")).startsWith("ns-basicAuth");

        // And an annotation nginx understands stays the hint
        assertThat(SecurityHints.of(Map.of(
                        NGINX + "auth-type",
                        "basic",
                        TRAEFIK + "router.middlewares",
                        "ns-auth@kubernetescrd",
                        NGINX + "limit-rps",
                        "5")))
                .contains(entry("auth", "basic"), entry("rate-limit", "rps=5"));
        assertThat(SecurityHints.of(Map.of(TRAEFIK + "router.middlewares", "ns-rate-limit@kubernetescrd")))
                .containsEntry("rate-limit", "middleware")
                .doesNotContainKeys("auth", "ssl-redirect");
        assertThat(SecurityHints.of(Map.of(TRAEFIK + "router.tls", "false"))).doesNotContainKey("tls");
    }
}
