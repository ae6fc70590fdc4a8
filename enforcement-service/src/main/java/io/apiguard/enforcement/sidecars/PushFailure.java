package io.apiguard.enforcement.sidecars;

import java.io.IOException;

/**
 * Why a push failed, as a short category for the sidecar list: never the transport's own message, which would let
 * anyone who can register an address learn what answers there (a port scanner with extra steps).
 */
enum PushFailure {
    REFUSED("refused by the sidecar"),
    TIMEOUT("timed out"),
    UNREACHABLE("unreachable"),
    FAILED("failed");

    /** The text kept as the sidecar's last error. */
    private final String text;

    PushFailure(String text) {
        this.text = text;
    }

    static String of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SidecarDelivery.PushRefusedException refused) {
                return REFUSED.text + " (HTTP " + refused.status() + ")";
            }
            // fault tolerance's, the JDK's and the HTTP client's timeouts share no type, only the name
            if (cause.getClass().getSimpleName().contains("Timeout")) {
                return TIMEOUT.text;
            }
            if (cause instanceof IOException) {
                return UNREACHABLE.text;
            }
        }
        return FAILED.text;
    }
}
