package io.apiguard.common.events;

/**
 * The words of {@link Detection#recommendedAction()}: what detection-service asks enforcement-service to do, and
 * what its policy understands. A verified subject is blocked as a subject, an address as an address, an unverified
 * credential by its fingerprint (never by the subject its token claims).
 */
public final class RecommendedActions {

    public static final String BLOCK_SUBJECT = "block-subject";
    public static final String BLOCK_IP = "block-ip";
    public static final String BLOCK_CREDENTIAL = "block-credential";
    public static final String RATE_LIMIT_SUBJECT = "rate-limit-subject";
    public static final String RATE_LIMIT_IP = "rate-limit-ip";
    public static final String RATE_LIMIT_CREDENTIAL = "rate-limit-credential";
    public static final String MONITOR = "monitor";
    /**
     * Rate-limit the APIs the detection names ({@link Detection#apiIds()}), each caller to the policy's rate: the answer
     * to an attack no single caller makes alone (credential stuffing over rotating addresses), where blocking one
     * would stop nothing and blocking the API would stop everyone.
     */
    public static final String RATE_LIMIT_API = "rate-limit-api";

    private RecommendedActions() {}

    /** Block what the actor key {@code key} names ({@link ActorKeys}). */
    public static String block(String key) {
        if (ActorKeys.isAddress(key)) {
            return BLOCK_IP;
        }
        return ActorKeys.isFingerprint(key) ? BLOCK_CREDENTIAL : BLOCK_SUBJECT;
    }

    /** Rate-limit what the actor key {@code key} names. */
    public static String rateLimit(String key) {
        if (ActorKeys.isAddress(key)) {
            return RATE_LIMIT_IP;
        }
        return ActorKeys.isFingerprint(key) ? RATE_LIMIT_CREDENTIAL : RATE_LIMIT_SUBJECT;
    }
}
