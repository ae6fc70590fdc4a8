package io.apiguard.common.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Payload signatures a rule can name in {@code match.payloadSignature}: regular expressions over the request path and
 * query, compiled once per rule set by the sidecar. The built-in ones cover the usual injection families; a rule set
 * may add its own ({@link RuleSet#signatures()}), which take precedence over a built-in of the same id.
 */
public final class PayloadSignatures {

    /** The built-in signatures, by id. Case-insensitive; the sidecar matches them on the raw and the decoded URI. */
    public static final Map<String, String> BUILT_IN = Map.of(
            "sql-injection",
                    "(?i)(\\bunion\\b.{0,40}\\bselect\\b|'\\s*or\\s*'?\\w*'?\\s*=\\s*'?\\w|;\\s*drop\\s+table"
                            + "|\\bsleep\\s*\\(\\s*\\d|\\bbenchmark\\s*\\(|\\bwaitfor\\s+delay\\b)",
            "path-traversal", "(?i)(\\.\\./|\\.\\.\\\\|/etc/passwd|/proc/self/)",
            "xss", "(?i)(<\\s*script\\b|javascript:|\\bon(error|load|mouseover)\\s*=)",
            "command-injection", "(?i)(;|\\||`|\\$\\()\\s*(cat|ls|id|whoami|uname|curl|wget|nc|bash|sh)\\b",
            "ssrf-metadata", "(?i)(169\\.254\\.169\\.254|metadata\\.google\\.internal|\\[?fd00:ec2::254)",
            "jndi-lookup", "(?i)\\$\\{\\s*jndi\\s*:");

    /**
     * For each built-in signature, literal fragments (lower-case) of which at least one must occur, case-insensitively,
     * for the expression to be able to match. A sidecar checks these first and skips the regular expression on the
     * vast majority of calls, which contain none of them; custom signatures have no triggers and always run.
     */
    public static final Map<String, List<String>> BUILT_IN_TRIGGERS = Map.of(
            "sql-injection", List.of("'", "union", "drop", "sleep", "benchmark", "waitfor"),
            "path-traversal", List.of("..", "/etc/passwd", "/proc/self/"),
            "xss", List.of("<", "javascript:", "onerror", "onload", "onmouseover"),
            "command-injection", List.of(";", "|", "`", "$("),
            "ssrf-metadata", List.of("169.254.169.254", "metadata.google.internal", "fd00:ec2::254"),
            "jndi-lookup", List.of("${"));

    /** Longest custom expression accepted: a signature is a pattern, not a program. */
    public static final int MAX_EXPRESSION_LENGTH = 1_000;

    private PayloadSignatures() {}

    /** The expression of signature {@code id}: a custom one from {@code custom}, else a built-in one. */
    public static Optional<String> expression(String id, Map<String, String> custom) {
        String expression = custom.get(id);
        return Optional.ofNullable(expression != null ? expression : BUILT_IN.get(id));
    }

    /**
     * The triggers of signature {@code id} (see {@link #BUILT_IN_TRIGGERS}); empty, meaning "always run the
     * expression", for a custom signature, including a custom one that replaces a built-in id.
     */
    public static List<String> triggers(String id, Map<String, String> custom) {
        return custom.containsKey(id) ? List.of() : BUILT_IN_TRIGGERS.getOrDefault(id, List.of());
    }

    /**
     * Compiles signature {@code id}.
     *
     * @throws IllegalArgumentException when it is unknown or not a valid expression
     */
    public static Pattern compile(String id, Map<String, String> custom) {
        String expression = expression(id, custom)
                .orElseThrow(() -> new IllegalArgumentException("unknown payload signature '" + id + "'"));
        return compileExpression(expression);
    }

    /**
     * Compiles one expression, refusing empty and overlong ones.
     *
     * @throws IllegalArgumentException when it is not a valid expression
     */
    public static Pattern compileExpression(String expression) {
        if (expression == null || expression.isEmpty() || expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new IllegalArgumentException(
                    "a payload signature needs 1 to " + MAX_EXPRESSION_LENGTH + " characters");
        }
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription(), e);
        }
    }
}
