package io.apiguard.logging.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.logging.LoggingConfig;

/**
 * Checks one call record on its own against what a correct producer sends, before anything of it is published or
 * stored: no control character or broken Unicode in any text that is stored (PostgreSQL refuses a NUL, a line break
 * forges log lines), every text within its bound, the method an HTTP token, the client address an IP literal, the
 * timestamp within the retention period and not beyond the allowed clock skew, no more roles and headers than
 * configured. What a client shapes within HTTP's own limits (how many objects its path names, how many forwarded-for
 * hops it writes) is capped by the normalizer instead, so a client cannot make its own call unrecordable. Pure and
 * thread-safe.
 */
public final class RecordValidator {

    /** Longest method name accepted; the registered ones have at most 17 characters. */
    static final int MAX_METHOD_LENGTH = 32;
    /** Longest IP literal: a full IPv6 address with an embedded IPv4 one. */
    private static final int MAX_IP_LENGTH = 45;
    /** Characters of an HTTP token besides letters and digits (RFC 9110, 5.6.2). */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private final LoggingConfig.Ingest limits;
    private final Duration retention;
    private final Clock clock;

    public RecordValidator(LoggingConfig.Ingest limits, Duration retention, Clock clock) {
        this.limits = limits;
        this.retention = retention;
        this.clock = clock;
    }

    /** Why {@code call} must be refused, or null when it is valid. Values are never quoted: they may be secrets. */
    public String problem(ApiCallRecord call) {
        String problem = timestamp(call.timestamp());
        if (problem == null) {
            problem = api(call.api());
        }
        if (problem == null) {
            problem = source(call.source());
        }
        if (problem == null && call.destination() != null) {
            ApiCallRecord.Destination destination = call.destination();
            problem = first(
                    text("destination.service", destination.service(), limits.maxTextLength()),
                    text("destination.namespace", destination.namespace(), limits.maxTextLength()),
                    text("destination.pod", destination.pod(), limits.maxTextLength()));
        }
        if (problem == null) {
            problem = identity(call.identity());
        }
        if (problem == null) {
            problem = objects(call.objects());
        }
        if (problem == null) {
            problem = first(
                    text(
                            "decision.ruleId",
                            call.decision() == null ? null : call.decision().ruleId(),
                            limits.maxTextLength()),
                    text("traceId", call.traceId(), limits.maxTextLength()));
        }
        if (problem == null) {
            problem = headers(call.headers());
        }
        return problem;
    }

    private String timestamp(Instant timestamp) {
        Instant now = clock.instant();
        if (timestamp.isAfter(now.plus(limits.maxClockSkew()))) {
            return "timestamp " + timestamp + " lies in the future beyond the allowed clock skew of "
                    + limits.maxClockSkew();
        }
        if (timestamp.isBefore(now.minus(retention))) {
            return "timestamp " + timestamp + " is older than the retention period of " + retention.toDays() + " days";
        }
        return null;
    }

    private String api(ApiCallRecord.Api api) {
        String method = api.method();
        if (method.length() > MAX_METHOD_LENGTH || !isToken(method)) {
            return "api.method must be an HTTP method token (letters, digits, " + TOKEN_SYMBOLS + "; at most "
                    + MAX_METHOD_LENGTH + " characters)";
        }
        return first(
                text("api.host", api.host(), limits.maxTextLength()),
                text("api.path", api.path(), limits.maxPathLength()),
                text("api.query", api.query(), limits.maxQueryLength()),
                text("api.pathTemplate", api.pathTemplate(), limits.maxPathLength()),
                text("api.apiId", api.apiId(), limits.maxTextLength()));
    }

    private String source(ApiCallRecord.Source source) {
        if (source == null) {
            return null;
        }
        if (source.clientIp() != null && !isIpLiteral(source.clientIp())) {
            return "source.clientIp must be an IP address literal";
        }
        String problem = textWithTabs("source.userAgent", source.userAgent(), limits.maxHeaderLength());
        List<String> forwardedFor = source.forwardedFor();
        for (int i = 0; problem == null && i < forwardedFor.size(); i++) {
            problem = text("source.forwardedFor[" + i + "]", forwardedFor.get(i), limits.maxHeaderLength());
        }
        return problem;
    }

    private String identity(Identity identity) {
        int max = limits.maxTextLength();
        String problem = first(
                text("identity.subject", identity.subject(), max),
                text("identity.displayName", identity.displayName(), max),
                text("identity.serviceAccount", identity.serviceAccount(), max),
                text("identity.organisation", identity.organisation(), max),
                text("identity.credentialFingerprint", identity.credentialFingerprint(), max),
                text("identity.claimedSubject", identity.claimedSubject(), max));
        if (problem != null) {
            return problem;
        }
        List<String> roles = identity.roles();
        if (roles.size() > limits.maxRoles()) {
            return "identity.roles holds " + roles.size() + " roles, over the limit of " + limits.maxRoles();
        }
        for (int i = 0; problem == null && i < roles.size(); i++) {
            problem = text("identity.roles[" + i + "]", roles.get(i), max);
        }
        return problem;
    }

    private String objects(List<ApiCallRecord.ObjectRef> objects) {
        // only the objects the normalizer keeps are checked: the others are dropped, not stored
        int kept = Math.min(objects.size(), limits.maxObjects());
        String problem = null;
        for (int i = 0; problem == null && i < kept; i++) {
            ApiCallRecord.ObjectRef object = objects.get(i);
            problem = first(
                    text("objects[" + i + "].resourceType", object.resourceType(), limits.maxTextLength()),
                    text("objects[" + i + "].objectId", object.objectId(), limits.maxTextLength()));
        }
        return problem;
    }

    private String headers(Map<String, String> headers) {
        if (headers.size() > limits.maxHeaders()) {
            return "headers holds " + headers.size() + " headers, over the limit of " + limits.maxHeaders();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name.isEmpty() || name.length() > limits.maxTextLength() || !isToken(name)) {
                return "headers: a header name must be an HTTP token of at most " + limits.maxTextLength()
                        + " characters";
            }
            String problem = textWithTabs("headers." + name, header.getValue(), limits.maxHeaderLength());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String first(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** A problem with {@code value} as stored text: too long, a control character, a lone surrogate; else null. */
    static String text(String field, String value, int maxLength) {
        return check(field, value, maxLength, false);
    }

    /** As {@link #text}, a horizontal tab allowed (HTTP field values may hold one). */
    static String textWithTabs(String field, String value, int maxLength) {
        return check(field, value, maxLength, true);
    }

    private static String check(String field, String value, int maxLength, boolean tabAllowed) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            return field + " is " + value.length() + " characters long, over the limit of " + maxLength;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(tabAllowed && c == '\t')) {
                return String.format("%s carries a control character (U+%04X at %d)", field, (int) c, i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return field + " is not valid Unicode (a lone surrogate at " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return field + " is not valid Unicode (a lone surrogate at " + i + ")";
            }
        }
        return null;
    }

    /** Whether {@code value} is an HTTP token: letters, digits and {@link #TOKEN_SYMBOLS}, at least one. */
    static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} is an IPv4 (dotted quad) or IPv6 literal; parsed, never looked up. */
    static boolean isIpLiteral(String value) {
        if (value.isEmpty() || value.length() > MAX_IP_LENGTH) {
            return false;
        }
        if (value.indexOf(':') < 0) {
            return isIpv4(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        try {
            // a string with a colon is taken for an IPv6 literal and parsed, never resolved
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
