package io.apiguard.detection.engine;

import java.util.Map;

import io.apiguard.common.events.Severity;

/**
 * One detector's verdict on one call: a threshold was crossed. The {@link IncidentTracker} folds signals with the same
 * {@code type} and {@code incidentKey} into one detection.
 *
 * @param type              detection type, e.g. {@code object-enumeration}
 * @param incidentKey       what the incident is about: the subject, or {@code ip:<address>} for address-keyed threats
 * @param severity          how bad it is
 * @param confidence        0 to 1
 * @param subject           the subject involved, or null (anonymous callers)
 * @param clientIp          the client address of the call, or null
 * @param apiId             the inventoried API, or null
 * @param callId            the call that crossed the threshold, or null (network flows)
 * @param windowStart       epoch millis, start of the window the detector looked at
 * @param windowEnd         epoch millis, end of that window
 * @param figures           the measured values and the thresholds they crossed
 * @param summary           one sentence for operators
 * @param owaspCategory     OWASP API Security Top 10 (2023) category
 * @param recommendedAction what enforcement should do: {@code block-subject}, {@code block-ip},
 *                          {@code rate-limit-subject}, {@code rate-limit-ip} or {@code monitor}
 */
public record Signal(
        String type,
        String incidentKey,
        Severity severity,
        double confidence,
        String subject,
        String clientIp,
        String apiId,
        String callId,
        long windowStart,
        long windowEnd,
        Map<String, Double> figures,
        String summary,
        String owaspCategory,
        String recommendedAction) {

    /** The incident key of an address-keyed threat. */
    public static String ipKey(String ip) {
        return "ip:" + ip;
    }
}
