package io.apiguard.common.paths;

import java.util.ArrayList;
import java.util.List;

import io.apiguard.common.events.ApiCallRecord;

/**
 * Turns a request path into its template: segments that identify an object rather than name an operation become
 * {@code {id}}, so {@code /accounts/1044/statements} and {@code /accounts/2211/statements} are one operation. A segment
 * is variable when it is a number, a UUID, a long hexadecimal string, or a long token mixing letters and digits.
 * Pure and allocation-light: it runs once per call in logging, discovery and detection.
 */
public final class PathTemplates {

    /** The placeholder variable segments become. */
    public static final String PLACEHOLDER = "{id}";

    private static final int MIN_HEX_LENGTH = 16;
    private static final int MIN_TOKEN_LENGTH = 20;

    private PathTemplates() {}

    /** The template of {@code path} (no query string); {@code null} and empty paths become {@code /}. */
    public static String template(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        StringBuilder template = null;
        int length = path.length();
        int segmentStart = path.charAt(0) == '/' ? 1 : 0;
        for (int i = segmentStart; i <= length; i++) {
            if (i == length || path.charAt(i) == '/') {
                if (isVariable(path, segmentStart, i)) {
                    if (template == null) {
                        template = new StringBuilder(length).append(path, 0, segmentStart);
                    }
                    template.append(PLACEHOLDER);
                } else if (template != null) {
                    template.append(path, segmentStart, i);
                }
                if (template != null && i < length) {
                    template.append('/');
                }
                segmentStart = i + 1;
            }
        }
        return template == null ? path : template.toString();
    }

    /**
     * The objects a path names: each variable segment with the literal segment before it as its type, so
     * {@code /accounts/1044/statements/77} touches {@code accounts/1044} and {@code statements/77}. A variable segment
     * with no literal before it takes the type {@code resource}.
     */
    public static List<ApiCallRecord.ObjectRef> objects(String path) {
        if (path == null || path.isEmpty()) {
            return List.of();
        }
        List<ApiCallRecord.ObjectRef> objects = null;
        String previousLiteral = null;
        int length = path.length();
        int segmentStart = path.charAt(0) == '/' ? 1 : 0;
        for (int i = segmentStart; i <= length; i++) {
            if (i == length || path.charAt(i) == '/') {
                if (i > segmentStart) {
                    if (isVariable(path, segmentStart, i)) {
                        if (objects == null) {
                            objects = new ArrayList<>(2);
                        }
                        objects.add(new ApiCallRecord.ObjectRef(
                                previousLiteral == null ? "resource" : previousLiteral,
                                path.substring(segmentStart, i)));
                        previousLiteral = null;
                    } else {
                        previousLiteral = path.substring(segmentStart, i);
                    }
                }
                segmentStart = i + 1;
            }
        }
        return objects == null ? List.of() : List.copyOf(objects);
    }

    /** Whether {@code path} already contains a placeholder or a variable segment would be templated. */
    public static boolean isTemplated(String path) {
        return !template(path).equals(path) || path.contains(PLACEHOLDER);
    }

    /**
     * Whether {@code value} looks like an object id as a path segment would be templated: a number, a UUID, a long
     * hexadecimal string or a long token mixing letters and digits (what {@link #objects} takes from a path).
     */
    public static boolean isIdentifier(String value) {
        return value != null && isVariable(value, 0, value.length());
    }

    static boolean isVariable(CharSequence path, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return false;
        }
        boolean allDigits = true;
        boolean allHex = true;
        int digits = 0;
        int letters = 0;
        int dashes = 0;
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean hexLetter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (digit) {
                digits++;
            } else if (letter) {
                letters++;
            } else if (c == '-') {
                dashes++;
            } else if (c != '_' && c != '.' && c != '~' && c != '=') {
                return false;
            }
            allDigits &= digit;
            allHex &= digit || hexLetter;
        }
        if (allDigits) {
            return true;
        }
        if (length == 36 && dashes == 4 && isUuid(path, start)) {
            return true;
        }
        if (allHex && length >= MIN_HEX_LENGTH && digits > 0) {
            return true;
        }
        // Long opaque tokens (base64url ids, slugs with hashes) mix letters and digits; words like "statements" do not.
        return length >= MIN_TOKEN_LENGTH && digits > 0 && letters > 0;
    }

    private static boolean isUuid(CharSequence path, int start) {
        for (int i = 0; i < 36; i++) {
            char c = path.charAt(start + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code path} fits {@code template} segment by segment, each {@code {name}} matching one non-empty segment. */
    public static boolean fits(String template, String path) {
        int t = 0;
        int p = 0;
        int templateLength = template.length();
        int pathLength = path.length();
        while (t < templateLength && p < pathLength) {
            char c = template.charAt(t);
            if (c == '{') {
                int close = template.indexOf('}', t);
                int segmentEnd = path.indexOf('/', p);
                segmentEnd = segmentEnd < 0 ? pathLength : segmentEnd;
                if (close < 0 || segmentEnd == p) {
                    return false;
                }
                t = close + 1;
                p = segmentEnd;
            } else if (c == path.charAt(p)) {
                t++;
                p++;
            } else {
                return false;
            }
        }
        return t == templateLength && p == pathLength;
    }
}
