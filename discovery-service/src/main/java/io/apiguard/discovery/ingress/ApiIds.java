package io.apiguard.discovery.ingress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.apiguard.common.events.MatchType;

/** Stable inventory ids: the same route gets the same id on every replica, after every restart. */
public final class ApiIds {

    private ApiIds() {}

    /** Id of a route an Ingress declares. */
    public static String declared(String host, String path, MatchType matchType) {
        return "api-" + hash(host + ' ' + matchType.wire() + ' ' + path);
    }

    /** Id of an API only traffic shows (a shadow API), by host and path template. */
    public static String observed(String host, String pathTemplate) {
        return "api-" + hash(host + " traffic " + pathTemplate);
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
