package io.apiguard.sidecar;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for tests. The sidecar's tests configure no JWT verification key, so every bearer token is read as
 * unverified; the verified credentials are API keys listed by fingerprint in
 * {@code src/test/resources/identity/api-key-owners.json} (the test profile's {@code api-key-owners-file}).
 */
public final class TestTokens {

    /** The API key of the FinTech case's shared account {@code FinTech_User_01}: verified, so it may delegate. */
    public static final String SHARED_ACCOUNT_API_KEY = "agk_fintech_shared_account_test_key";

    /** The API key of the service {@code payments-batch} (verified, not a shared account). */
    public static final String SERVICE_API_KEY = "agk_payments_batch_test_key";

    private TestTokens() {}

    /** An unsigned JWT ({@code alg: none}) carrying {@code claims} (a JSON object). */
    public static String unsigned(String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** An unsigned token claiming to be the shared account: anyone can write one, so it names nobody. */
    public static String sharedAccount() {
        return unsigned("{\"sub\":\"FinTech_User_01\",\"exp\":4102444800}");
    }
}
