package io.apiguard.logging.redaction;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.inspect.DataClass;
import io.apiguard.common.inspect.DataClasses;

/**
 * Finds and masks the secrets inside one text value: private-key blocks; JSON values parsed with Jackson, every field
 * whose name is sensitive masked whole (whatever its type) and every string in it scanned in turn; passwords in URLs;
 * {@code Bearer} and {@code Basic} credentials; {@code name=value} and {@code name: value} pairs whose name is
 * sensitive, the value masked to its end (a closing quote, or the next {@code &} or {@code ;}, spaces included);
 * tokens of well-known formats (by prefix), JWTs and random-looking runs; card numbers. A token found by its shape is
 * masked as its fingerprint ({@code [REDACTED:sha256:...]}), so the same secret stays recognisable (an object id
 * stays one object) without being readable. Pure and thread-safe.
 */
final class SecretText {

    /** Where a text comes from, which decides what ends a value and what a token may contain. */
    enum Context {
        /** A header value, a query value, a user agent: free text. */
        TEXT,
        /** A path, a template or an object id: {@code /} separates segments, {@code :} names custom methods. */
        PATH
    }

    /** Deepest JSON a value is parsed to; a deeper one is scanned as plain text. */
    static final int MAX_JSON_DEPTH = 32;
    /** Characters a token of a known format has at least after its prefix. */
    private static final int MIN_PREFIXED_TAIL = 10;
    /** Changes between digits and other characters a random run has at least (a name with a year at its end has 1). */
    private static final int MIN_DIGIT_SWITCHES = 4;
    /** Shortest JWT taken for one: three base64url parts. */
    private static final int MIN_JWT_LENGTH = 24;

    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@\\s:]*):([^/@\\s]+)@");
    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_END = "-----END ";
    private static final String PRIVATE_KEY = "PRIVATE KEY";

    private final SensitiveNames names;
    private final List<String> prefixes;
    private final int minTokenLength;
    private final double minTokenEntropy;
    private final boolean cardNumbers;
    private final ObjectMapper json;
    /** Length under which no rule of {@link #isSecretToken} takes a run for a secret: shorter runs are skipped. */
    private final int shortestSecretToken;

    SecretText(
            SensitiveNames names,
            List<String> prefixes,
            int minTokenLength,
            double minTokenEntropy,
            boolean cardNumbers) {
        this.names = names;
        this.prefixes = prefixes.stream()
                .map(String::trim)
                .filter(prefix -> !prefix.isEmpty())
                .toList();
        this.minTokenLength = minTokenLength;
        this.minTokenEntropy = minTokenEntropy;
        this.cardNumbers = cardNumbers;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_JSON_DEPTH)
                        .build())
                .build();
        this.json = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // the least length each rule asks for: a random run's bare length is never more than the run's own
        int shortest = Math.min(MIN_JWT_LENGTH, minTokenLength);
        for (String prefix : this.prefixes) {
            shortest = Math.min(shortest, prefix.length() + MIN_PREFIXED_TAIL);
        }
        this.shortestSecretToken = shortest;
    }

    /** Whether {@code name} marks its value as secret. */
    boolean isSensitiveName(String name) {
        return names.isSensitive(name);
    }

    /**
     * {@code value} with its secrets masked, adding labels such as {@code token:<where>} to {@code labels}; the same
     * instance when nothing was masked.
     */
    String mask(String value, Context context, String where, Set<String> labels) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String result = privateKeys(value, where, labels);
        if (context == Context.TEXT && looksLikeJson(result)) {
            String masked = maskJson(result, where, labels);
            if (masked != null) {
                return masked.equals(value) ? value : masked;
            }
        }
        result = plain(result, context, where, labels);
        return result.equals(value) ? value : result;
    }

    /** Data classes a query value or an inspection finding may carry besides cards and tokens, masked by class. */
    private static final Set<DataClass> PERSONAL_DATA =
            EnumSet.of(DataClass.IBAN, DataClass.NATIONAL_ID, DataClass.EMAIL);

    /**
     * {@code value} with every secret {@link #mask} finds masked and, in free text that may carry another party's data
     * (query values, inspection findings), IBANs, national ids and e-mail addresses masked as {@code
     * [REDACTED:<class>]} with labels such as {@code iban:query}; the same instance when nothing was masked.
     */
    String maskWithDataClasses(String value, String where, Set<String> labels) {
        String masked = mask(value, Context.TEXT, where, labels);
        if (masked == null || masked.isEmpty()) {
            return masked;
        }
        return DataClasses.replace(masked, DataClasses.matches(masked, PERSONAL_DATA), match -> {
            labels.add(match.dataClass().wire() + ":" + where);
            return "[REDACTED:" + match.dataClass().wire() + "]";
        });
    }

    /** Everything but JSON parsing: URL passwords, credentials, named values, tokens, card numbers. */
    private String plain(String value, Context context, String where, Set<String> labels) {
        String result = value;
        if (result.contains("://")) {
            Matcher passwords = URL_PASSWORD.matcher(result);
            if (passwords.find()) {
                result = passwords.replaceAll("$1:" + Matcher.quoteReplacement(Redactor.MASK) + "@");
                labels.add("url-password:" + where);
            }
        }
        String lower = result.toLowerCase(Locale.ROOT);
        if (lower.contains("bearer") || lower.contains("basic")) {
            Matcher credentials = AUTH_SCHEME.matcher(result);
            if (credentials.find()) {
                result = credentials.replaceAll("$1 " + Matcher.quoteReplacement(Redactor.MASK));
                labels.add("token:" + where);
            }
        }
        if (result.indexOf('=') >= 0 || (context == Context.TEXT && result.indexOf(':') >= 0)) {
            String masked = namedValues(result, context);
            if (masked != result) {
                result = masked;
                labels.add("field:" + where);
            }
        }
        String tokens = tokens(result, context);
        if (tokens != result) {
            result = tokens;
            labels.add("token:" + where);
        }
        if (cardNumbers) {
            String masked = CardNumbers.mask(result);
            if (masked != result) {
                result = masked;
                labels.add("card-number:" + where);
            }
        }
        return result;
    }

    /** Masks {@code -----BEGIN ... PRIVATE KEY-----} blocks through their end marker (or the end of the text). */
    private static String privateKeys(String value, String where, Set<String> labels) {
        int begin = value.indexOf(PEM_BEGIN);
        if (begin < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int copied = 0;
        while (begin >= 0) {
            int headerEnd = value.indexOf("-----", begin + PEM_BEGIN.length());
            // the label must end in PRIVATE KEY (RSA, EC, OPENSSH, ENCRYPTED ...): certificates and public keys are
            // public
            if (headerEnd < PRIVATE_KEY.length() || !value.startsWith(PRIVATE_KEY, headerEnd - PRIVATE_KEY.length())) {
                begin = value.indexOf(PEM_BEGIN, begin + 1);
                continue;
            }
            int end = value.indexOf(PEM_END, headerEnd);
            int blockEnd = end < 0 ? value.length() : value.indexOf("-----", end + PEM_END.length());
            blockEnd = blockEnd < 0 ? value.length() : blockEnd + 5;
            out.append(value, copied, begin).append(Redactor.MASK);
            copied = blockEnd;
            labels.add("private-key:" + where);
            begin = value.indexOf(PEM_BEGIN, blockEnd);
        }
        return copied == 0 ? value : out.append(value, copied, value.length()).toString();
    }

    private static boolean looksLikeJson(String value) {
        String trimmed = value.strip();
        return trimmed.length() >= 2
                && ((trimmed.startsWith("{") && trimmed.endsWith("}"))
                        || (trimmed.startsWith("[") && trimmed.endsWith("]")));
    }

    /** The JSON {@code value} with sensitive fields and secrets in strings masked; null when it is not JSON. */
    private String maskJson(String value, String where, Set<String> labels) {
        JsonNode tree;
        try {
            tree = json.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (tree == null || !walk(tree, where, labels)) {
            return value;
        }
        try {
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree must serialize", e);
        }
    }

    /** Masks inside {@code node}; true when something was masked. */
    private boolean walk(JsonNode node, String where, Set<String> labels) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (names.isSensitive(field.getKey()) && !value.isNull()) {
                    field.setValue(TextNode.valueOf(Redactor.MASK));
                    labels.add("field:" + where);
                    changed = true;
                } else {
                    JsonNode masked = leaf(value, where, labels);
                    if (masked != null) {
                        field.setValue(masked);
                        changed = true;
                    } else {
                        changed |= walk(value, where, labels);
                    }
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode masked = leaf(array.get(i), where, labels);
                if (masked != null) {
                    array.set(i, masked);
                    changed = true;
                } else {
                    changed |= walk(array.get(i), where, labels);
                }
            }
        }
        return changed;
    }

    /** A masked replacement of a string or number leaf, or null when it holds nothing to mask (or is no leaf). */
    private JsonNode leaf(JsonNode node, String where, Set<String> labels) {
        if (node.isTextual()) {
            String text = node.textValue();
            String masked = plain(privateKeys(text, where, labels), Context.TEXT, where, labels);
            return masked.equals(text) ? null : TextNode.valueOf(masked);
        }
        if (cardNumbers && node.isIntegralNumber()) {
            String digits = node.asText();
            String masked = CardNumbers.mask(digits);
            if (!masked.equals(digits)) {
                labels.add("card-number:" + where);
                return TextNode.valueOf(masked);
            }
        }
        return null;
    }

    /**
     * {@code text} with the value of each sensitive {@code name=value} (and, in free text, {@code name: value}) masked
     * to its end: a closing quote when quoted, else the next {@code &}, {@code ;} or line break (in a path also the
     * next {@code /}), so a password with spaces is masked whole. The same instance when nothing was masked.
     */
    private String namedValues(String text, Context context) {
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c != '=' && (c != ':' || context == Context.PATH)) {
                continue;
            }
            int nameEnd = i;
            while (nameEnd > copied && text.charAt(nameEnd - 1) == ' ') {
                nameEnd--;
            }
            if (nameEnd > copied && isQuote(text.charAt(nameEnd - 1))) {
                nameEnd--;
            }
            int nameStart = nameEnd;
            while (nameStart > copied && isNameCharacter(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            if (nameStart == nameEnd || !names.isSensitive(text.substring(nameStart, nameEnd))) {
                continue;
            }
            int valueStart = i + 1;
            while (valueStart < length && text.charAt(valueStart) == ' ') {
                valueStart++;
            }
            int valueEnd;
            if (valueStart < length && isQuote(text.charAt(valueStart))) {
                char quote = text.charAt(valueStart++);
                valueEnd = valueStart;
                while (valueEnd < length && text.charAt(valueEnd) != quote) {
                    valueEnd += text.charAt(valueEnd) == '\\' ? 2 : 1;
                }
                valueEnd = Math.min(valueEnd, length);
            } else {
                valueEnd = valueStart;
                while (valueEnd < length && !endsValue(text.charAt(valueEnd), context)) {
                    valueEnd++;
                }
            }
            if (valueEnd == valueStart || text.startsWith(Redactor.MASK, valueStart)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length);
            }
            out.append(text, copied, valueStart).append(Redactor.MASK);
            copied = valueEnd;
            i = valueEnd - 1;
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    /** {@code text} with every token-shaped run masked by its fingerprint; the same instance when none was. */
    private String tokens(String text, Context context) {
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!isTokenCharacter(text.charAt(i), context)) {
                i++;
                continue;
            }
            int start = i;
            while (i < length && isTokenCharacter(text.charAt(i), context)) {
                i++;
            }
            // base64 padding belongs to the token; '=' elsewhere separates a name from its value
            while (i < length && text.charAt(i) == '=') {
                i++;
            }
            // most runs are words: too short for any rule, they are passed over without a substring of each
            if (i - start < shortestSecretToken) {
                continue;
            }
            String run = text.substring(start, i);
            if (isSecretToken(run)) {
                if (out == null) {
                    out = new StringBuilder(length);
                }
                out.append(text, copied, start)
                        .append("[REDACTED:")
                        .append(Fingerprints.of(run))
                        .append(']');
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    /** Whether {@code run} is a secret by its shape: a known prefix, a JWT, or random enough. */
    boolean isSecretToken(String run) {
        for (String prefix : prefixes) {
            if (run.startsWith(prefix) && run.length() >= prefix.length() + MIN_PREFIXED_TAIL) {
                return true;
            }
        }
        if (run.startsWith("eyJ") && run.length() >= MIN_JWT_LENGTH && dots(run) >= 2) {
            return true;
        }
        return looksRandom(run);
    }

    /**
     * Long, mixing upper case, lower case and digits (never a hex id or a UUID), digits scattered through it rather than
     * a number at the end of a name ({@code QuarterlyRevenueReport2024}), and of high entropy.
     */
    private boolean looksRandom(String run) {
        String bare = run;
        while (bare.endsWith("=")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        if (bare.length() < minTokenLength) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int switches = 0;
        boolean previousDigit = false;
        int[] counts = new int[128];
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            boolean isDigit = c >= '0' && c <= '9';
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= isDigit;
            if (i > 0 && isDigit != previousDigit) {
                switches++;
            }
            previousDigit = isDigit;
            counts[c & 0x7F]++;
        }
        return upper
                && lower
                && digit
                && switches >= MIN_DIGIT_SWITCHES
                && entropy(counts, bare.length()) >= minTokenEntropy;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(int[] counts, int length) {
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / length;
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        return bits;
    }

    private static int dots(String run) {
        int dots = 0;
        for (int i = 0; i < run.length(); i++) {
            if (run.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }

    private static boolean isTokenCharacter(char c, Context context) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~'
                || c == '+'
                || (c == '/' && context == Context.TEXT);
    }

    private static boolean isNameCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '[' || c == ']';
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }

    private static boolean endsValue(char c, Context context) {
        return c == '&' || c == ';' || c == '\n' || c == '\r' || (context == Context.PATH && (c == '/' || c == '?'));
    }
}
