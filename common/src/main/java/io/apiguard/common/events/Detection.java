package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Payload of {@code apiguard.detections}: a threat seen in the call stream. One ongoing incident is one detection,
 * republished as it grows, so consumers upsert by {@code id}.
 *
 * @param id                stable id of the incident
 * @param type              detector type, e.g. {@code object-enumeration}
 * @param severity          how bad it is
 * @param confidence        0 to 1
 * @param subject           the identity subject it concerns, if any
 * @param clientIps         client addresses involved
 * @param apiIds            inventoried APIs involved
 * @param windowStart       start of the window the detector looked at
 * @param windowEnd         end of that window
 * @param evidence          what crossed the threshold
 * @param owaspCategory     OWASP API Security Top 10 (2023) category
 * @param recommendedAction what enforcement should do, e.g. {@code block-subject}
 * @param state             open, ongoing, closed or false-positive
 * @param updatedAt         when this version of the detection was produced
 * @param credentialFingerprints fingerprints of the credentials involved: how a caller that apiguard could not
 *                          verify is named, and blocked, instead of by the subject its credential claims
 */
public record Detection(
        String id,
        String type,
        Severity severity,
        double confidence,
        String subject,
        List<String> clientIps,
        List<String> apiIds,
        Instant windowStart,
        Instant windowEnd,
        Evidence evidence,
        String owaspCategory,
        String recommendedAction,
        DetectionState state,
        Instant updatedAt,
        List<String> credentialFingerprints) {

    public Detection {
        Require.text(id, "id");
        Require.text(type, "type");
        Require.present(severity, "severity");
        Require.present(state, "state");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        }
        clientIps = Require.list(clientIps, "clientIps");
        credentialFingerprints = Require.list(credentialFingerprints, "credentialFingerprints");
        apiIds = Require.list(apiIds, "apiIds");
        Require.ordered(windowStart, "windowStart", windowEnd, "windowEnd");
        evidence = evidence == null ? Evidence.NONE : evidence;
    }

    /** A detection without credential fingerprints (the form of event version 1.0). */
    public Detection(
            String id,
            String type,
            Severity severity,
            double confidence,
            String subject,
            List<String> clientIps,
            List<String> apiIds,
            Instant windowStart,
            Instant windowEnd,
            Evidence evidence,
            String owaspCategory,
            String recommendedAction,
            DetectionState state,
            Instant updatedAt) {
        this(
                id,
                type,
                severity,
                confidence,
                subject,
                clientIps,
                apiIds,
                windowStart,
                windowEnd,
                evidence,
                owaspCategory,
                recommendedAction,
                state,
                updatedAt,
                List.of());
    }

    /**
     * Why the detector fired.
     *
     * @param callIds a sample of the calls involved (ids of {@link ApiCallRecord}), at most {@link #MAX_CALL_IDS}
     * @param figures the measured values and thresholds, e.g. {@code distinctObjects=412, baseline=6}
     * @param summary one sentence for operators
     */
    public record Evidence(List<String> callIds, Map<String, Double> figures, String summary) {

        /**
         * How many call ids a detection carries. An enumeration can involve millions of calls; the sample only has to
         * let an operator open a few in logging-service, and keeps the event well below Kafka's message size.
         */
        public static final int MAX_CALL_IDS = 100;

        static final Evidence NONE = new Evidence(List.of(), Map.of(), null);

        /**
         * Keeps the first {@link #MAX_CALL_IDS} call ids: a longer list is trimmed, not refused, so no incident is
         * lost for the size of its evidence.
         */
        public Evidence {
            callIds = Require.list(callIds, "evidence.callIds");
            if (callIds.size() > MAX_CALL_IDS) {
                callIds = List.copyOf(callIds.subList(0, MAX_CALL_IDS));
            }
            figures = Require.map(figures, "evidence.figures");
        }
    }
}
