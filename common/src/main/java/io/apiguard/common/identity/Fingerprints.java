package io.apiguard.common.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Credential fingerprints: enough to recognise a credential again, never enough to use it. */
public final class Fingerprints {

    private static final int HEX_CHARS = 16;
    private static final java.util.regex.Pattern KEYED = java.util.regex.Pattern.compile("hmac:[0-9a-f]{16}");

    private Fingerprints() {}

    /** {@code sha256:} and the first 16 hex digits of the SHA-256 of {@code credential}. */
    public static String of(String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * {@code hmac:} and the first 16 hex digits of the HMAC-SHA256 of {@code value} under {@code key}: for values
     * guessable from a list (usernames, e-mail addresses), which a plain hash would give away to anyone holding the
     * list; equal across every producer that holds the same key.
     */
    public static String keyed(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "hmac:" + HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required of every JVM", e);
        }
    }

    /**
     * {@link #keyed} under one {@code key}, with its MAC made once: for a caller fingerprinting many values in a row.
     * Not thread-safe: one per thread.
     */
    public static java.util.function.UnaryOperator<String> keyer(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return value -> "hmac:"
                    + HexFormat.of()
                            .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)))
                            .substring(0, HEX_CHARS);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required of every JVM", e);
        }
    }

    /** True when {@code value} is what {@link #keyed} writes: a consumer believes nothing else where one belongs. */
    public static boolean isKeyed(String value) {
        return value != null && KEYED.matcher(value).matches();
    }
}
