package io.apiguard.common.rules;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates a rule-set document between enforcement-service and a sidecar with a shared secret: HMAC-SHA256 over
 * {@code <timestamp>.<body>}, sent as two headers. The timestamp bounds replays: a captured push is refused once it is
 * older than the tolerance (and a sidecar never installs a version older than its own anyway). The same headers sign
 * a push (request) and a pull (response). Thread-safe; {@link Mac} instances are not shared.
 */
public final class RuleSetSignature {

    /** Header with the signature: {@code v1=<hex HMAC-SHA256>}. */
    public static final String SIGNATURE_HEADER = "X-Apiguard-Signature";
    /** Header with the signing time, epoch seconds. */
    public static final String TIMESTAMP_HEADER = "X-Apiguard-Timestamp";
    /** Default accepted age (and clock skew) of a signature. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SCHEME = "v1=";
    private static final String ALGORITHM = "HmacSHA256";
    /** HMAC keys shorter than the hash give less than its strength; refuse them rather than sign weakly. */
    public static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec key;

    private RuleSetSignature(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /**
     * A signer/verifier for {@code secret} (UTF-8).
     *
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_BYTES} bytes
     */
    public static RuleSetSignature withSecret(String secret) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the rule-set secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        return new RuleSetSignature(bytes);
    }

    /** The {@link #SIGNATURE_HEADER} value for {@code body} signed at {@code epochSecond}. */
    public String sign(long epochSecond, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(mac(epochSecond, body));
    }

    /** Checks the two headers against {@code body}; never throws for bad input. */
    public Verdict verify(String timestampHeader, String signatureHeader, byte[] body, Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || timestampHeader.isBlank() || signatureHeader.isBlank()) {
            return Verdict.MISSING;
        }
        long epochSecond;
        byte[] presented;
        try {
            epochSecond = Long.parseLong(timestampHeader.trim());
            String value = signatureHeader.trim();
            if (!value.startsWith(SCHEME)) {
                return Verdict.MALFORMED;
            }
            presented = HexFormat.of().parseHex(value.substring(SCHEME.length()));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        // Compare the MAC first, in constant time: the age check must not tell a forger anything about the MAC.
        boolean authentic = MessageDigest.isEqual(presented, mac(epochSecond, body));
        if (!authentic) {
            return Verdict.MISMATCH;
        }
        long age = Math.abs(now.getEpochSecond() - epochSecond);
        return age > tolerance.toSeconds() ? Verdict.STALE : Verdict.VALID;
    }

    private byte[] mac(long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(Long.toString(epochSecond).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /** The outcome of a verification. */
    public enum Verdict {
        /** Authentic and recent. */
        VALID,
        /** No signature or timestamp: unauthenticated (401). */
        MISSING,
        /** Headers present but unreadable (403). */
        MALFORMED,
        /** Signed with another secret or over other content (403). */
        MISMATCH,
        /** Authentic but older (or newer) than the tolerance: a replay or a badly skewed clock (403). */
        STALE;

        /** True only for {@link #VALID}. */
        public boolean valid() {
            return this == VALID;
        }
    }
}
