package io.apiguard.sidecar;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Tokens for tests: the sidecar's tests configure no verification key, so unsigned tokens are read as unverified. */
public final class TestTokens {

    private TestTokens() {
    }

    /** An unsigned JWT ({@code alg: none}) carrying {@code claims} (a JSON object). */
    public static String unsigned(String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The shared account of the FinTech case, unsigned. */
    public static String sharedAccount() {
        return unsigned("{\"sub\":\"FinTech_User_01\",\"exp\":4102444800}");
    }
}
