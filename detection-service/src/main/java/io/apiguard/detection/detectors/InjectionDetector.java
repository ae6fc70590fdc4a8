package io.apiguard.detection.detectors;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Signal;

/**
 * Injection and SSRF payloads in the path and query (API7:2023 SSRF, API8:2023 injection, API10:2023 when the API
 * hands them on): SQL injection, XSS, path traversal, command injection, internal-address and cloud-metadata URLs.
 * Signatures are compiled once; a cheap scan skips the regular expressions for the vast majority of calls, whose path
 * and query hold only URL-safe characters. Input is URL-decoded (twice, against double encoding) before matching. An
 * unverified caller's payload raises an incident for its credential and one for its address.
 */
public final class InjectionDetector implements Detector {

    /** One family of signatures. */
    public enum Family {
        SQL_INJECTION("sql-injection", "API8:2023", Severity.HIGH, """
                \\bunion\\b[\\s\\S]{0,40}?\\bselect\\b|'\\s*(or|and)\\s+'?[\\w]*'?\\s*(=|like|<|>)|\
                \\b(or|and)\\s+\\d+\\s*=\\s*\\d+|'\\s*;\\s*(drop|delete|insert|update|select|shutdown|exec)\\b|\
                ;\\s*(drop|truncate|alter)\\s+(table|database)\\b|'\\s*(--|#|/\\*)|\
                \\b(sleep|pg_sleep|benchmark)\\s*\\(|\\bwaitfor\\s+delay\\b|information_schema|xp_cmdshell|\
                \\bload_file\\s*\\(|\\binto\\s+(out|dump)file\\b"""),
        XSS("xss", "API8:2023", Severity.HIGH, """
                <\\s*/?\\s*(script|iframe|svg|img|body|object|embed|math)\\b|javascript\\s*:|vbscript\\s*:|\
                \\bon(error|load|click|mouseover|focus|toggle)\\s*=|document\\.(cookie|location|domain)|\
                \\balert\\s*\\(|string\\.fromcharcode"""),
        PATH_TRAVERSAL("path-traversal", "API8:2023", Severity.HIGH, """
                \\.\\.[/\\\\]|[/\\\\]\\.\\.$|/etc/(passwd|shadow|hosts)\\b|\\bwin\\.ini\\b|\\bboot\\.ini\\b|/proc/self/"""),
        COMMAND_INJECTION("command-injection", "API8:2023", Severity.CRITICAL, """
                (;|\\||&&|\\$\\(|`)\\s*(cat|ls|id|whoami|uname|wget|curl|nc|ncat|bash|sh|zsh|powershell|cmd|ping|\
                nslookup|rm|chmod|python|perl)\\b|\\$\\{ifs\\}"""),
        SSRF("ssrf", "API7:2023", Severity.HIGH, """
                \\b(https?|gopher|dict|ftp|ldap|tftp)://(localhost|127(\\.\\d{1,3}){3}|0\\.0\\.0\\.0|0x7f|\
                10(\\.\\d{1,3}){3}|192\\.168(\\.\\d{1,3}){2}|172\\.(1[6-9]|2\\d|3[01])(\\.\\d{1,3}){2}|\
                169\\.254(\\.\\d{1,3}){2}|\\[?::1\\]?|\\[fd[0-9a-f]{2}:|metadata\\.google\\.internal|metadata\\.azure|\
                100\\.100\\.100\\.200|kubernetes\\.default)|\\bfile:/|169\\.254\\.169\\.254|metadata\\.google\\.internal""");

        final String type;
        final String owasp;
        final Severity severity;
        final Pattern pattern;

        Family(String type, String owasp, Severity severity, String regex) {
            this.type = type;
            this.owasp = owasp;
            this.severity = severity;
            this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
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

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        String path = call.api().path();
        String query = call.api().query();
        boolean pathSuspicious = suspicious(path);
        boolean querySuspicious = query != null && suspicious(query);
        if (!pathSuspicious && !querySuspicious) {
            return;
        }
        String input = decode((pathSuspicious ? path : "") + (querySuspicious ? "?" + query : ""));
        String actor = Calls.actor(call);
        String second = Calls.secondActor(call);
        for (Family family : families) {
            java.util.regex.Matcher matcher = family.pattern.matcher(input);
            if (matcher.find()) {
                String sample = matcher.group();
                raise(call, family, sample, actor == null ? UNKNOWN : actor, now, out);
                if (second != null) {
                    raise(call, family, sample, second, now, out);
                }
            }
        }
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
                        + " payload (" + sample.substring(0, Math.min(60, sample.length())) + ") to "
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

    private static String decode(String value) {
        String decoded = value;
        for (int round = 0; round < 2 && decoded.indexOf('%') >= 0; round++) {
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        return decoded.replace('+', ' ').toLowerCase(Locale.ROOT);
    }
}
