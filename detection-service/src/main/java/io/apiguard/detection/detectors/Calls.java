package io.apiguard.detection.detectors;

import java.util.List;
import java.util.Map;

import io.apiguard.common.events.ActorKeys;
import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.DecisionOutcome;
import io.apiguard.common.events.Identity;
import io.apiguard.detection.engine.Signal;

/**
 * What detectors read off a call, null-safe, and who a call counts for. A verified caller counts for its subject. A
 * caller apiguard could not verify (an unsigned, forged or expired token, an unknown API key, Basic credentials) or an
 * anonymous one is never attributed to a subject, whatever its credential claims: it counts for its credential's
 * fingerprint ({@code fp:<fingerprint>}) and for its client address ({@code ip:<address>}), both, so an attacker
 * minting a new token (hence a new fingerprint) per call from one address is still one address, and one unverified
 * credential used from many addresses is still one credential. Per-caller detectors run their logic once per key:
 * {@link #actor} and then {@link #secondActor}.
 */
final class Calls {

    private Calls() {}

    /**
     * The verified individual or service behind the call, or null: anonymous, or a credential apiguard could not
     * verify (its claimed subject is never returned; an older producer's unverified identity that still names a subject
     * is not believed either).
     */
    static String subject(ApiCallRecord call) {
        Identity identity = call.identity();
        return identity.verified() ? identity.subject() : null;
    }

    static String clientIp(ApiCallRecord call) {
        return call.source() == null ? null : call.source().clientIp();
    }

    /** The fingerprint of the call's credential, or null when it presented none. */
    static String fingerprint(ApiCallRecord call) {
        return call.identity().credentialFingerprint();
    }

    /** The path template, or the raw path when logging-service did not know one. */
    static String template(ApiCallRecord call) {
        String template = call.api().pathTemplate();
        return template != null ? template : call.api().path();
    }

    /**
     * The first key the call counts for: the verified subject; for an unverified or anonymous caller its credential
     * ({@code fp:<fingerprint>}) when it presented one, else its address ({@code ip:<address>}); null when none is known.
     */
    static String actor(ApiCallRecord call) {
        String principal = principal(call);
        if (principal != null) {
            return principal;
        }
        String ip = clientIp(call);
        return ip == null ? null : Signal.ipKey(ip);
    }

    /**
     * The second key an unverified caller counts for: its address ({@code ip:<address>}) when {@link #actor} was its
     * credential; null for a verified caller and when there is no second key.
     */
    static String secondActor(ApiCallRecord call) {
        if (subject(call) != null || fingerprint(call) == null) {
            return null;
        }
        String ip = clientIp(call);
        return ip == null ? null : Signal.ipKey(ip);
    }

    /**
     * The principal an authentication or rate counter keys by besides the address: the verified subject, else the
     * unverified credential ({@code fp:<fingerprint>}); null for a caller without either.
     */
    static String principal(ApiCallRecord call) {
        String subject = subject(call);
        if (subject != null) {
            return subject;
        }
        String fingerprint = fingerprint(call);
        return fingerprint == null ? null : Signal.fingerprintKey(fingerprint);
    }

    /** {@code key} for an operator: the subject, {@code address 10.0.0.1}, {@code unverified credential sha256:...}. */
    static String describe(String key) {
        if (ActorKeys.isAddress(key)) {
            return "address " + key.substring(Signal.IP_PREFIX.length());
        }
        if (ActorKeys.isFingerprint(key)) {
            return "unverified credential " + key.substring(Signal.FINGERPRINT_PREFIX.length());
        }
        return key;
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

    /**
     * The signal of {@code call} about {@code incidentKey}, with the call's address, credential fingerprint, API and id;
     * it names the call's subject only when the incident is about that verified subject.
     */
    static Signal signal(
            ApiCallRecord call,
            String type,
            String incidentKey,
            io.apiguard.common.events.Severity severity,
            double confidence,
            long windowStart,
            long windowEnd,
            Map<String, Double> figures,
            String summary,
            String owasp,
            String action) {
        String subject = subject(call);
        return new Signal(
                type,
                incidentKey,
                severity,
                Math.min(0.99, Math.max(0.0, confidence)),
                subject != null && subject.equals(incidentKey) ? subject : null,
                clientIp(call),
                fingerprint(call),
                call.api().apiId(),
                call.id().toString(),
                windowStart,
                windowEnd,
                figures,
                summary,
                owasp,
                action);
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
