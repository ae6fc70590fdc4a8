package io.apiguard.detection.engine;

import java.util.Map;

import io.apiguard.common.events.ActorKeys;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;

/**
 * One detector's verdict on one call: a threshold was crossed. The {@link IncidentTracker} folds signals with the same
 * {@code type} and {@code incidentKey} into one detection.
 *
 * @param type              detection type, e.g. {@code object-enumeration}
 * @param incidentKey       what the incident is about: a verified subject, {@code ip:<address>} for an address, or
 *                          {@code fp:<fingerprint>} for a credential apiguard could not verify (see {@link #isCallerKey})
 * @param severity          how bad it is
 * @param confidence        0 to 1
 * @param subject           the verified subject the incident is about, or null: an address or a credential is never
 *                          attributed to a subject, and an unverified caller has none (whatever its token claims)
 * @param clientIp          the client address of the call, or null
 * @param credentialFingerprint the fingerprint of the call's credential, or null when it presented none
 * @param apiId             the inventoried API, or null
 * @param callId            the call that crossed the threshold, or null (network flows)
 * @param windowStart       epoch millis, start of the window the detector looked at
 * @param windowEnd         epoch millis, end of that window
 * @param figures           the measured values and the thresholds they crossed
 * @param summary           one sentence for operators
 * @param owaspCategory     OWASP API Security Top 10 (2023) category
 * @param recommendedAction what enforcement should do, one of {@link RecommendedActions}
 */
public record Signal(
        String type,
        String incidentKey,
        Severity severity,
        double confidence,
        String subject,
        String clientIp,
        String credentialFingerprint,
        String apiId,
        String callId,
        long windowStart,
        long windowEnd,
        Map<String, Double> figures,
        String summary,
        String owaspCategory,
        String recommendedAction) {

    /** Prefix of the key of an address ({@link ActorKeys}). */
    public static final String IP_PREFIX = ActorKeys.IP_PREFIX;
    /** Prefix of the key of a credential apiguard could not verify ({@link ActorKeys}). */
    public static final String FINGERPRINT_PREFIX = ActorKeys.FINGERPRINT_PREFIX;

    /** The incident key of an address-keyed threat. */
    public static String ipKey(String ip) {
        return ActorKeys.ofAddress(ip);
    }

    /** The incident key of a threat keyed by an unverified credential. */
    public static String fingerprintKey(String fingerprint) {
        return ActorKeys.ofFingerprint(fingerprint);
    }

    /**
     * True when {@code key} (or a compound key starting with it) names an address or an unverified credential rather
     * than a verified subject: what an unverified or anonymous caller is known by.
     */
    public static boolean isCallerKey(String key) {
        return !ActorKeys.isSubject(key);
    }
}
