package io.apiguard.common.events;

/**
 * Whom a call's state is kept under, and the Kafka key of {@code apiguard.calls.normalized} and
 * {@code apiguard.detections}: a verified subject as itself, an address as {@code ip:<address>}, an unverified
 * credential as {@code fp:<fingerprint>}. logging-service keys the call stream with these, detection keeps its
 * counters under them, enforcement reads them back; one spelling for all three.
 */
public final class ActorKeys {

    /** Prefix of a key that is a client address. */
    public static final String IP_PREFIX = "ip:";
    /** Prefix of a key that is a credential fingerprint (a caller apiguard could not verify). */
    public static final String FINGERPRINT_PREFIX = "fp:";

    private ActorKeys() {}

    /** The key of a client address. */
    public static String ofAddress(String address) {
        return IP_PREFIX + address;
    }

    /** The key of a credential, by its fingerprint. */
    public static String ofFingerprint(String fingerprint) {
        return FINGERPRINT_PREFIX + fingerprint;
    }

    /** True when {@code key} names an address. */
    public static boolean isAddress(String key) {
        return key.startsWith(IP_PREFIX);
    }

    /** True when {@code key} names a credential. */
    public static boolean isFingerprint(String key) {
        return key.startsWith(FINGERPRINT_PREFIX);
    }

    /** True when {@code key} names a subject (neither an address nor a credential). */
    public static boolean isSubject(String key) {
        return !isAddress(key) && !isFingerprint(key);
    }
}
