package io.apiguard.logging.redaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.apiguard.common.events.ApiCallRecord;

/**
 * Masks what must never reach storage: values of sensitive headers and query parameters (by name), bearer tokens and
 * JWTs wherever they appear, and card numbers (digit runs of 13 to 19 digits, spaces or dashes allowed between
 * groups, that pass the Luhn check). Pure and thread-safe; a record without anything to mask costs one scan of its
 * strings and no allocation beyond the result.
 */
public final class Redactor {

    /** What a masked value becomes. */
    public static final String MASK = "[REDACTED]";

    private static final Pattern TOKEN = Pattern.compile(
            "(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+|eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final int MIN_CARD_DIGITS = 13;
    private static final int MAX_CARD_DIGITS = 19;

    private final Set<String> headers;
    private final Set<String> fields;
    private final Pattern fieldInText;
    private final boolean cardNumbers;

    /**
     * @param headers     header names whose values are masked, any case
     * @param fields      query parameter and JSON field names whose values are masked, any case
     * @param cardNumbers whether Luhn-valid digit runs are masked
     */
    public Redactor(List<String> headers, List<String> fields, boolean cardNumbers) {
        this.headers = lowerCase(headers);
        this.fields = lowerCase(fields);
        this.cardNumbers = cardNumbers;
        // "password": "x" or password=x inside a free-text value (a JSON header, a form-encoded cookie jar)
        this.fieldInText = this.fields.isEmpty() ? null : Pattern.compile(
                "(?i)((?<![A-Za-z0-9_-])\"?(?:" + this.fields.stream().map(Pattern::quote).collect(Collectors.joining("|"))
                        + ")\"?\\s*[:=]\\s*\"?)([^\"&,;}\\s]+)");
    }

    /** The record with everything sensitive masked, and labels saying what was masked where. */
    public Result redact(ApiCallRecord call) {
        Set<String> labels = new LinkedHashSet<>();
        ApiCallRecord.Api api = call.api();
        String path = text(api.path(), "path", labels);
        String query = query(api.query(), labels);
        String template = text(api.pathTemplate(), "path-template", labels);
        ApiCallRecord.Source source = call.source();
        if (source != null) {
            String userAgent = text(source.userAgent(), "user-agent", labels);
            if (userAgent != source.userAgent()) {
                source = new ApiCallRecord.Source(source.clientIp(), source.forwardedFor(), userAgent);
            }
        }
        List<ApiCallRecord.ObjectRef> objects = objects(call.objects(), labels);
        Map<String, String> headerValues = headers(call.headers(), labels);
        if (labels.isEmpty()) {
            return new Result(call, List.of());
        }
        ApiCallRecord redacted = new ApiCallRecord(call.id(), call.timestamp(), call.durationMicros(),
                new ApiCallRecord.Api(api.host(), api.method(), path, query, template, api.apiId()), source,
                call.destination(), call.identity(), call.status(), call.requestBytes(), call.responseBytes(), objects,
                call.decision(), call.traceId(), headerValues);
        return new Result(redacted, List.copyOf(labels));
    }

    /** A redacted record and what was masked, e.g. {@code header:authorization}, {@code card-number:path}. */
    public record Result(ApiCallRecord call, List<String> redactions) {
    }

    private String query(String query, Set<String> labels) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        String[] pairs = query.split("&", -1);
        boolean changed = false;
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (equals >= 0 && fields.contains(decodedName(name))) {
                pairs[i] = name + '=' + MASK;
                labels.add("query:" + decodedName(name));
                changed = true;
            } else {
                String masked = text(pair, "query", labels);
                if (masked != pair) {
                    pairs[i] = masked;
                    changed = true;
                }
            }
        }
        return changed ? String.join("&", pairs) : query;
    }

    private List<ApiCallRecord.ObjectRef> objects(List<ApiCallRecord.ObjectRef> objects, Set<String> labels) {
        List<ApiCallRecord.ObjectRef> result = null;
        for (int i = 0; i < objects.size(); i++) {
            ApiCallRecord.ObjectRef object = objects.get(i);
            String id = text(object.objectId(), "object", labels);
            if (id != object.objectId()) {
                if (result == null) {
                    result = new ArrayList<>(objects);
                }
                result.set(i, new ApiCallRecord.ObjectRef(object.resourceType(), id));
            }
        }
        return result == null ? objects : result;
    }

    private Map<String, String> headers(Map<String, String> values, Set<String> labels) {
        if (values.isEmpty()) {
            return values;
        }
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String lowerName = name.toLowerCase(Locale.ROOT);
            if (headers.contains(lowerName)) {
                labels.add("header:" + lowerName);
                result.put(name, MASK);
            } else {
                result.put(name, text(value, "header:" + lowerName, labels));
            }
        });
        return result;
    }

    /** {@code value} with tokens, named fields and card numbers masked; the same instance when nothing was. */
    String text(String value, String where, Set<String> labels) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String result = value;
        if (mayHoldToken(result)) {
            Matcher tokens = TOKEN.matcher(result);
            if (tokens.find()) {
                result = tokens.replaceAll(MASK);
                labels.add("token:" + where);
            }
        }
        if (fieldInText != null && (result.indexOf('=') >= 0 || result.indexOf(':') >= 0)) {
            Matcher named = fieldInText.matcher(result);
            if (named.find()) {
                result = named.replaceAll("$1" + Matcher.quoteReplacement(MASK));
                labels.add("field:" + where);
            }
        }
        if (cardNumbers) {
            String masked = CardNumbers.mask(result);
            if (masked != result) {
                result = masked;
                labels.add("card-number:" + where);
            }
        }
        return result.equals(value) ? value : result;
    }

    private static boolean mayHoldToken(String value) {
        return value.contains("eyJ") || value.toLowerCase(Locale.ROOT).contains("bearer");
    }

    private static String decodedName(String name) {
        try {
            return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private static Set<String> lowerCase(List<String> names) {
        return names.stream().map(String::trim).filter(name -> !name.isEmpty())
                .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Finds and masks card numbers; see {@link Redactor}. */
    static final class CardNumbers {

        private CardNumbers() {
        }

        /** {@code value} with every Luhn-valid run masked as {@code [card-NNNN]} (last four digits kept). */
        static String mask(String value) {
            StringBuilder out = null;
            int copiedUpTo = 0;
            int length = value.length();
            int i = 0;
            while (i < length) {
                if (!isDigit(value.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                int end = i;
                int digits = 0;
                int j = i;
                while (j < length) {
                    char c = value.charAt(j);
                    if (isDigit(c)) {
                        digits++;
                        end = j + 1;
                        j++;
                    } else if ((c == ' ' || c == '-') && j + 1 < length && isDigit(value.charAt(j + 1))) {
                        j++;
                    } else {
                        break;
                    }
                }
                if (digits >= MIN_CARD_DIGITS && digits <= MAX_CARD_DIGITS && luhn(value, start, end)) {
                    if (out == null) {
                        out = new StringBuilder(length);
                    }
                    out.append(value, copiedUpTo, start).append("[card-").append(lastFour(value, end)).append(']');
                    copiedUpTo = end;
                }
                i = Math.max(end, i + 1);
            }
            if (out == null) {
                return value;
            }
            return out.append(value, copiedUpTo, length).toString();
        }

        static boolean luhn(CharSequence value, int start, int end) {
            int sum = 0;
            boolean doubled = false;
            for (int i = end - 1; i >= start; i--) {
                char c = value.charAt(i);
                if (!isDigit(c)) {
                    continue;
                }
                int digit = c - '0';
                if (doubled) {
                    digit *= 2;
                    if (digit > 9) {
                        digit -= 9;
                    }
                }
                sum += digit;
                doubled = !doubled;
            }
            return sum % 10 == 0;
        }

        private static String lastFour(String value, int end) {
            StringBuilder digits = new StringBuilder(4);
            for (int i = end - 1; i >= 0 && digits.length() < 4; i--) {
                if (isDigit(value.charAt(i))) {
                    digits.insert(0, value.charAt(i));
                }
            }
            return digits.toString();
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
