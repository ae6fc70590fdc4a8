package io.apiguard.detection.detectors;

import java.util.List;
import java.util.Map;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.DecisionOutcome;
import io.apiguard.detection.engine.Signal;

/** What detectors read off a call, null-safe. */
final class Calls {

    private Calls() {
    }

    /** The individual or service behind the call, or null when anonymous. */
    static String subject(ApiCallRecord call) {
        return call.identity().subject();
    }

    static String clientIp(ApiCallRecord call) {
        return call.source() == null ? null : call.source().clientIp();
    }

    /** The path template, or the raw path when logging-service did not know one. */
    static String template(ApiCallRecord call) {
        String template = call.api().pathTemplate();
        return template != null ? template : call.api().path();
    }

    /** The subject, or {@code ip:<address>} for an anonymous caller, or null when neither is known. */
    static String actor(ApiCallRecord call) {
        String subject = subject(call);
        if (subject != null) {
            return subject;
        }
        String ip = clientIp(call);
        return ip == null ? null : Signal.ipKey(ip);
    }

    /**
     * A 401 or 403 the API gave. A call apiguard's sidecar refused itself (decision {@code blocked}) is not one: counted,
     * enforcement's own 403s would raise an authentication attack against the blocked caller's address, and a
     * block-ip rule would then shut out everyone behind that address.
     */
    static boolean authFailure(ApiCallRecord call) {
        return (call.status() == 401 || call.status() == 403)
                && (call.decision() == null || call.decision().outcome() != DecisionOutcome.BLOCKED);
    }

    static boolean success(ApiCallRecord call) {
        return call.status() >= 200 && call.status() < 400;
    }

    /** Parses a decimal id of up to 18 digits, or returns {@code Long.MIN_VALUE}. */
    static long numericId(String id) {
        int length = id.length();
        if (length == 0 || length > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The signal of {@code call}, with the call's subject, address, API and id. */
    static Signal signal(ApiCallRecord call, String type, String incidentKey, io.apiguard.common.events.Severity severity,
            double confidence, long windowStart, long windowEnd, Map<String, Double> figures, String summary,
            String owasp, String action) {
        return new Signal(type, incidentKey, severity, Math.min(0.99, Math.max(0.0, confidence)), subject(call),
                clientIp(call), call.api().apiId(), call.id().toString(), windowStart, windowEnd, figures, summary,
                owasp, action);
    }

    /** Roles of the caller, or a single placeholder for a caller without roles. */
    static List<String> roles(ApiCallRecord call) {
        List<String> roles = call.identity().roles();
        return roles.isEmpty() ? NO_ROLE : roles;
    }

    static final List<String> NO_ROLE = List.of("(none)");

    /** Rounds for evidence figures. */
    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
