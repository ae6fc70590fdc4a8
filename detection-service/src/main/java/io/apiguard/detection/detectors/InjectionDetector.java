package io.apiguard.detection.detectors;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.inspect.InspectedRequest;
import io.apiguard.common.inspect.RequestContent;
import io.apiguard.common.inspect.Signature;
import io.apiguard.common.rules.PayloadSignatures;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Signal;

/**
 * Injection and SSRF payloads in the path and query (API7:2023 SSRF, API8:2023 injection, API10:2023 when the API
 * hands them on): SQL injection, XSS, path traversal, command injection, internal-address and cloud-metadata URLs.
 * The signatures and the decoding are the sidecar's ({@link PayloadSignatures}, {@link InspectedRequest}: percent to a
 * fixed point past malformed escapes, {@code %u}, overlong UTF-8, HTML entities), so what the sidecar would block
 * detection flags; a cheap scan skips them for the vast majority of calls, whose path and query hold only URL-safe
 * characters. An unverified caller's payload raises an incident for its credential and one for its address.
 */
public final class InjectionDetector implements Detector {

    /** One family of signatures: the built-in payload signatures of {@link PayloadSignatures} it runs. */
    public enum Family {
        SQL_INJECTION("sql-injection", "API8:2023", Severity.HIGH, "sql-injection"),
        XSS("xss", "API8:2023", Severity.HIGH, "xss"),
        PATH_TRAVERSAL("path-traversal", "API8:2023", Severity.HIGH, "path-traversal"),
        COMMAND_INJECTION("command-injection", "API8:2023", Severity.CRITICAL, "command-injection"),
        SSRF("ssrf", "API7:2023", Severity.HIGH, "ssrf", "ssrf-metadata"),
        REMOTE_FILE_INCLUSION("remote-file-inclusion", "API8:2023", Severity.HIGH, "remote-file-inclusion"),
        PHP_INJECTION("php-injection", "API8:2023", Severity.HIGH, "php-injection"),
        NODEJS_INJECTION("nodejs-injection", "API8:2023", Severity.HIGH, "nodejs-injection"),
        // both run code on the server when they work
        TEMPLATE_INJECTION("template-injection", "API8:2023", Severity.CRITICAL, "template-injection"),
        JNDI_LOOKUP("jndi-lookup", "API8:2023", Severity.CRITICAL, "jndi-lookup"),
        JAVA_DESERIALIZATION("java-deserialization", "API8:2023", Severity.CRITICAL, "java-deserialization");

        final String type;
        final String owasp;
        final Severity severity;
        final List<Signature> signatures;

        Family(String type, String owasp, Severity severity, String... signatureIds) {
            this.type = type;
            this.owasp = owasp;
            this.severity = severity;
            this.signatures = Arrays.stream(signatureIds)
                    .map(id -> PayloadSignatures.signature(id, Map.of()))
                    .toList();
        }

        public String type() {
            return type;
        }
    }

    /** Characters an ordinary path or query is made of; anything else sends the input to the signatures. */
    private static final boolean[] SAFE = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            SAFE[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            SAFE[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            SAFE[c] = true;
        }
        for (char c : "/-_.~=&,@!*:".toCharArray()) {
            SAFE[c] = true;
        }
    }

    /** @param families the signature families that run */
    public record Settings(List<Family> families) {

        public static Settings defaults() {
            return new Settings(List.of(Family.values()));
        }
    }

    /** The incident key of a caller known by nothing at all (no subject, credential or address). */
    private static final String UNKNOWN = "unknown";

    private final List<Family> families;

    public InjectionDetector(Settings settings) {
        this.families = List.copyOf(settings.families());
    }

    /**
     * Runs the families over the call's URI (the only part of a call every record carries), and takes the sidecar's
     * word for the rest: a payload signature the sidecar matched in a header, a cookie or the body, recorded in the
     * call's inspection, is a payload of its family (the record comes from an authenticated sidecar; detection never
     * sees bodies itself). One signal per family and key, wherever the family matched.
     */
    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        String path = call.api().path();
        String query = call.api().query();
        boolean pathSuspicious = suspicious(path);
        boolean querySuspicious = query != null && suspicious(query);
        List<ApiCallRecord.Violation> seenInLine =
                call.inspection() == null ? List.of() : call.inspection().violations();
        if (!pathSuspicious && !querySuspicious && seenInLine.isEmpty()) {
            return;
        }
        InspectedRequest input = pathSuspicious || querySuspicious
                ? InspectedRequest.of(pathSuspicious ? path : null, querySuspicious ? query : null, RequestContent.NONE)
                : null;
        String actor = Calls.actor(call);
        String second = Calls.secondActor(call);
        for (Family family : families) {
            String sample = null;
            if (input != null) {
                InspectedRequest.Hit hit = first(input, family);
                sample = hit == null ? null : hit.excerpt();
            }
            if (sample == null) {
                sample = seenInLine(seenInLine, family);
            }
            if (sample != null) {
                raise(call, family, sample, actor == null ? UNKNOWN : actor, now, out);
                if (second != null) {
                    raise(call, family, sample, second, now, out);
                }
            }
        }
    }

    /** Where the sidecar matched one of the family's signatures, as {@code in <location>}; null when it did not. */
    private static String seenInLine(List<ApiCallRecord.Violation> violations, Family family) {
        for (ApiCallRecord.Violation violation : violations) {
            if (!InspectedRequest.KIND.equals(violation.kind())) {
                continue;
            }
            for (Signature signature : family.signatures) {
                if (signature.id().equals(violation.id())) {
                    return violation.reason() == null ? "in " + violation.location() : violation.reason();
                }
            }
        }
        return null;
    }

    /** Where the first of the family's signatures matched, or null. */
    private static InspectedRequest.Hit first(InspectedRequest input, Family family) {
        for (Signature signature : family.signatures) {
            InspectedRequest.Hit hit = input.find(signature);
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }

    /** One signal about {@code key}: an unverified caller gets one for its credential and one for its address. */
    private static void raise(
            ApiCallRecord call, Family family, String sample, String key, long now, List<Signal> out) {
        boolean succeeded = Calls.success(call);
        Severity severity = succeeded && family.severity == Severity.HIGH ? Severity.CRITICAL : family.severity;
        out.add(Calls.signal(
                call,
                family.type,
                key,
                severity,
                succeeded ? 0.9 : 0.8,
                now,
                now,
                Map.of("status", (double) call.status()),
                (key.equals(UNKNOWN) ? "an unknown caller" : Calls.describe(key)) + " sent a " + family.type
                        + " payload (" + sample + ") to "
                        + call.api().method() + ' ' + Calls.template(call) + ", answered " + call.status(),
                family.owasp,
                key.equals(UNKNOWN) ? RecommendedActions.BLOCK_IP : RecommendedActions.block(key)));
    }

    static boolean suspicious(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 128 || !SAFE[c]) {
                return true;
            }
            if (c == '.' && i + 1 < value.length() && value.charAt(i + 1) == '.') {
                return true;
            }
            if (c == ':' && i + 2 < value.length() && value.charAt(i + 1) == '/') {
                return true;
            }
        }
        return value.contains("etc/passwd") || value.contains("win.ini");
    }
}
