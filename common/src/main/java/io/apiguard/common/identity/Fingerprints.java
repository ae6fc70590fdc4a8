package io.apiguard.common.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Credential fingerprints: enough to recognise a credential again, never enough to use it. */
public final class Fingerprints {

    private static final int HEX_CHARS = 16;

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
}
