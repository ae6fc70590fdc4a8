package io.apiguard.discovery.ingress;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalizes the security-relevant annotations of common Ingress controllers into controller-neutral hints that
 * posture rules read: {@code auth}, {@code rate-limit}, {@code cors-allow-origin}, {@code cors-allow-credentials},
 * {@code ssl-redirect}, {@code source-allowlist}, {@code middlewares}. Absent hints mean the controller was not told.
 */
public final class SecurityHints {

    private static final String NGINX = "nginx.ingress.kubernetes.io/";
    private static final String TRAEFIK = "traefik.ingress.kubernetes.io/";

    private SecurityHints() {}

    /** The hints of an Ingress's annotations (null-safe). */
    public static Map<String, String> of(Map<String, String> annotations) {
        Map<String, String> hints = new TreeMap<>();
        if (annotations == null || annotations.isEmpty()) {
            return hints;
        }
        String authType = annotations.get(NGINX + "auth-type");
        if (annotations.containsKey(NGINX + "auth-url")) {
            hints.put("auth", "external");
        } else if (authType != null) {
            hints.put("auth", authType.toLowerCase(Locale.ROOT));
        } else if (annotations.containsKey(NGINX + "auth-tls-secret")) {
            hints.put("auth", "mtls");
        }
        for (String limit : new String[] {"limit-rps", "limit-rpm", "limit-connections"}) {
            String value = annotations.get(NGINX + limit);
            if (value != null) {
                hints.put("rate-limit", limit.substring("limit-".length()) + "=" + value);
                break;
            }
        }
        if ("true".equalsIgnoreCase(annotations.get(NGINX + "enable-cors"))) {
            hints.put("cors-allow-origin", annotations.getOrDefault(NGINX + "cors-allow-origin", "*"));
            hints.put("cors-allow-credentials", annotations.getOrDefault(NGINX + "cors-allow-credentials", "true"));
        }
        String sslRedirect =
                annotations.getOrDefault(NGINX + "force-ssl-redirect", annotations.get(NGINX + "ssl-redirect"));
        if (sslRedirect != null) {
            hints.put("ssl-redirect", sslRedirect.toLowerCase(Locale.ROOT));
        }
        String allowlist = annotations.getOrDefault(
                NGINX + "whitelist-source-range", annotations.get(NGINX + "allowlist-source-range"));
        if (allowlist != null) {
            hints.put("source-allowlist", allowlist);
        }
        String middlewares = annotations.get(TRAEFIK + "router.middlewares");
        if (middlewares != null) {
            hints.put("middlewares", middlewares);
            String lower = middlewares.toLowerCase(Locale.ROOT);
            // Traefik configures these in Middleware objects; the names are all an Ingress shows.
            if (lower.contains("auth")) {
                hints.putIfAbsent("auth", "middleware");
            }
            if (lower.contains("ratelimit") || lower.contains("rate-limit")) {
                hints.putIfAbsent("rate-limit", "middleware");
            }
            if (lower.contains("redirect")) {
                hints.putIfAbsent("ssl-redirect", "true");
            }
        }
        if ("true".equalsIgnoreCase(annotations.get(TRAEFIK + "router.tls"))) {
            hints.put("tls", "true");
        }
        return hints;
    }
}
