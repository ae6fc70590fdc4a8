package io.apiguard.common.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds {@link DataClass}es in a response body, and where they are in a text (for masking). Pure and thread-safe;
 * callers bound what they pass (the proxy hands over at most its configured number of bytes), and the work spent on
 * one text is bounded too ({@link #WORK_PER_CHAR}), so a pathological body costs no more than a few passes over it.
 *
 * <p>JSON bodies (a {@code json} content type, or none and a body opening with {@code {} or {@code [}) are read
 * with Jackson's streaming parser and only their string and integer values are scanned, each as a text of its own;
 * a body that stops being JSON (the proxy's bound cuts it) is scanned as plain text from where parsing stopped. Other
 * bodies are scanned as they are, in one pass: each word is looked at once, by its first character.
 *
 * <p>What counts, kept strict to cut false positives:
 * <ul>
 * <li>{@link DataClass#CARD_NUMBER}: 13 to 19 digits, plain or grouped as cards are printed (4-4-4-4, 4-6-5, 4-6-4,
 * one separator kind), with an issuer prefix and length of a real scheme ({@link #CARD_SCHEMES}), passing Luhn, and
 * not part of a longer run (no digit, letter, {@code .}, {@code _}, {@code /}, {@code +} or {@code -}-joined word at
 * either end): order ids, phone numbers, epoch timestamps, amounts and UUIDs are not cards;</li>
 * <li>{@link DataClass#IBAN}: a country of the IBAN registry with its length ({@link #IBAN_LENGTHS}), compact or in
 * groups of four, whose mod-97 check holds;</li>
 * <li>{@link DataClass#NATIONAL_ID}: a US Social Security number in its dashed form {@code AAA-GG-SSSS} outside the
 * ranges never issued (area 000, 666, 900-999; group 00; serial 0000) and the numbers published in advertising
 * (078-05-1120, 219-09-9999); a UK National Insurance number {@code AB123456C} (or {@code AB 12 34 56 C}) whose
 * prefix letters may be allocated (first not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V; not BG, GB, KN, NK,
 * NT, TN, ZZ) and whose suffix is A to D. Bare nine-digit numbers are not taken: they cannot be told from ids;</li>
 * <li>{@link DataClass#EMAIL}: {@code local@domain.tld}, a dotted domain with an alphabetic top-level label;</li>
 * <li>{@link DataClass#TOKEN}: a JWT whose header decodes to a JSON object with {@code alg}; a {@code Bearer} value;
 * an AWS access key id ({@code AKIA}/{@code ASIA} and 16 more); a private-key PEM header; tokens of well-known
 * formats by prefix ({@link #TOKEN_PREFIXES}: GitHub, GitLab, Slack, Stripe live keys, Google API keys, npm).</li>
 * </ul>
 */
public final class DataClasses {

    /** Lookahead characters a text may cost per character of its length (plus {@link #WORK_BASE}) before we stop. */
    static final int WORK_PER_CHAR = 8;
    /** Lookahead every text may cost whatever its length. */
    static final int WORK_BASE = 4096;

    private static final int MIN_CARD_DIGITS = 13;
    private static final int MAX_CARD_DIGITS = 19;
    /** Most digit groups a grouped card number has (4-4-4-4-3). */
    private static final int MAX_GROUPS = 5;
    /** Shortest value any class can be found in ({@code a@b.co}). */
    private static final int SHORTEST_VALUE = 6;

    private static final int MAX_EMAIL_LOCAL = 64;
    private static final int MAX_EMAIL_DOMAIN = 253;
    /** Longest JWT header decoded to check it. */
    private static final int MAX_JWT_HEADER = 2048;
    /** Least characters after {@code Bearer }. */
    private static final int MIN_BEARER_VALUE = 16;

    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_PRIVATE_KEY = "PRIVATE KEY-----";
    /** Longest key type between {@code BEGIN } and {@code PRIVATE KEY} ({@code ENCRYPTED }, {@code OPENSSH }). */
    private static final int MAX_PEM_KIND = 16;

    /**
     * Issuer prefixes (IIN ranges) and lengths of the card schemes: {low, high, prefix digits, shortest, longest}.
     * Visa, Mastercard (51-55, 2221-2720), American Express, Discover, Diners Club, JCB, UnionPay, Maestro, Mir and
     * RuPay.
     */
    static final int[][] CARD_SCHEMES = {
        {4, 4, 1, 13, 19},
        {51, 55, 2, 16, 16},
        {2221, 2720, 4, 16, 16},
        {34, 34, 2, 15, 15},
        {37, 37, 2, 15, 15},
        {6011, 6011, 4, 16, 19},
        {644, 649, 3, 16, 19},
        {65, 65, 2, 16, 19},
        {300, 305, 3, 14, 19},
        {36, 36, 2, 14, 19},
        {38, 39, 2, 16, 19},
        {3528, 3589, 4, 16, 19},
        {62, 62, 2, 16, 19},
        {50, 50, 2, 12, 19},
        {56, 58, 2, 12, 19},
        {67, 67, 2, 12, 19},
        {2200, 2204, 4, 16, 19},
        {60, 60, 2, 16, 16},
        {81, 82, 2, 16, 16}
    };

    /** IBAN length per country of the SWIFT IBAN registry. */
    static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24),
            Map.entry("AE", 23),
            Map.entry("AL", 28),
            Map.entry("AT", 20),
            Map.entry("AZ", 28),
            Map.entry("BA", 20),
            Map.entry("BE", 16),
            Map.entry("BG", 22),
            Map.entry("BH", 22),
            Map.entry("BI", 27),
            Map.entry("BR", 29),
            Map.entry("BY", 28),
            Map.entry("CH", 21),
            Map.entry("CR", 22),
            Map.entry("CY", 28),
            Map.entry("CZ", 24),
            Map.entry("DE", 22),
            Map.entry("DJ", 27),
            Map.entry("DK", 18),
            Map.entry("DO", 28),
            Map.entry("EE", 20),
            Map.entry("EG", 29),
            Map.entry("ES", 24),
            Map.entry("FI", 18),
            Map.entry("FK", 18),
            Map.entry("FO", 18),
            Map.entry("FR", 27),
            Map.entry("GB", 22),
            Map.entry("GE", 22),
            Map.entry("GI", 23),
            Map.entry("GL", 18),
            Map.entry("GR", 27),
            Map.entry("GT", 28),
            Map.entry("HR", 21),
            Map.entry("HU", 28),
            Map.entry("IE", 22),
            Map.entry("IL", 23),
            Map.entry("IQ", 23),
            Map.entry("IS", 26),
            Map.entry("IT", 27),
            Map.entry("JO", 30),
            Map.entry("KW", 30),
            Map.entry("KZ", 20),
            Map.entry("LB", 28),
            Map.entry("LC", 32),
            Map.entry("LI", 21),
            Map.entry("LT", 20),
            Map.entry("LU", 20),
            Map.entry("LV", 21),
            Map.entry("LY", 25),
            Map.entry("MC", 27),
            Map.entry("MD", 24),
            Map.entry("ME", 22),
            Map.entry("MK", 19),
            Map.entry("MN", 20),
            Map.entry("MR", 27),
            Map.entry("MT", 31),
            Map.entry("MU", 30),
            Map.entry("NI", 28),
            Map.entry("NL", 18),
            Map.entry("NO", 15),
            Map.entry("OM", 23),
            Map.entry("PK", 24),
            Map.entry("PL", 28),
            Map.entry("PS", 29),
            Map.entry("PT", 25),
            Map.entry("QA", 29),
            Map.entry("RO", 24),
            Map.entry("RS", 22),
            Map.entry("RU", 33),
            Map.entry("SA", 24),
            Map.entry("SC", 31),
            Map.entry("SD", 18),
            Map.entry("SE", 24),
            Map.entry("SI", 19),
            Map.entry("SK", 24),
            Map.entry("SM", 27),
            Map.entry("SO", 23),
            Map.entry("ST", 25),
            Map.entry("SV", 28),
            Map.entry("TL", 23),
            Map.entry("TN", 24),
            Map.entry("TR", 26),
            Map.entry("UA", 29),
            Map.entry("VA", 22),
            Map.entry("VG", 24),
            Map.entry("XK", 20),
            Map.entry("YE", 30));

    /**
     * Prefixes of well-known token formats, each with the least number of token characters after it: GitHub
     * ({@code ghp_ gho_ ghu_ ghs_ ghr_ github_pat_}), GitLab ({@code glpat-}), Slack ({@code xoxb- xoxp- xoxa- xoxr-
     * xoxs-}), Stripe live secret and restricted keys, Google API keys ({@code AIza}), npm ({@code npm_}).
     */
    static final List<Map.Entry<String, Integer>> TOKEN_PREFIXES = List.of(
            Map.entry("ghp_", 30),
            Map.entry("gho_", 30),
            Map.entry("ghu_", 30),
            Map.entry("ghs_", 30),
            Map.entry("ghr_", 30),
            Map.entry("github_pat_", 30),
            Map.entry("glpat-", 20),
            Map.entry("xoxb-", 10),
            Map.entry("xoxp-", 10),
            Map.entry("xoxa-", 10),
            Map.entry("xoxr-", 10),
            Map.entry("xoxs-", 10),
            Map.entry("sk_live_", 16),
            Map.entry("rk_live_", 16),
            Map.entry("AIza", 35),
            Map.entry("npm_", 36));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory BODY_JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    private static final Set<DataClass> ALL = EnumSet.allOf(DataClass.class);

    private DataClasses() {}

    /** Where one data class was found in a text: {@code [start, end)}. */
    public record Match(DataClass dataClass, int start, int end) {}

    /**
     * The data classes {@code body} carries.
     *
     * @param body        the body bytes as sent (not decompressed); null or empty finds nothing
     * @param contentType the response's {@code Content-Type}, or null
     */
    public static Set<DataClass> find(byte[] body, String contentType) {
        Set<DataClass> found = EnumSet.noneOf(DataClass.class);
        if (body == null || body.length == 0) {
            return found;
        }
        if (isJson(body, contentType)) {
            int plainFrom = scanJson(body, found);
            if (plainFrom < 0) {
                return found;
            }
            scanText(latin1(body, plainFrom), found);
            return found;
        }
        scanText(latin1(body, 0), found);
        return found;
    }

    /** The data classes in one text value, scanned as it is. */
    public static Set<DataClass> find(CharSequence text) {
        Set<DataClass> found = EnumSet.noneOf(DataClass.class);
        if (text != null) {
            scanText(text, found);
        }
        return found;
    }

    /** Every match of {@code classes} in {@code text}, in order and not overlapping: what a masker replaces. */
    public static List<Match> matches(CharSequence text, Set<DataClass> classes) {
        List<Match> matches = new ArrayList<>();
        if (text != null && text.length() >= SHORTEST_VALUE) {
            new Scanner(text, classes, matches, null).run();
        }
        return matches;
    }

    /**
     * Every run of 13 to 19 digits (single spaces or dashes between groups) that passes Luhn, whatever its issuer
     * prefix, grouping or neighbours: what a redactor masks, where masking too much costs nothing and too little leaks
     * a card.
     */
    public static List<Match> luhnRuns(CharSequence text) {
        List<Match> runs = new ArrayList<>();
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int end = i;
            int digits = 0;
            int j = i;
            while (j < length) {
                char c = text.charAt(j);
                if (isDigit(c)) {
                    digits++;
                    end = ++j;
                } else if ((c == ' ' || c == '-') && j + 1 < length && isDigit(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (digits >= MIN_CARD_DIGITS && digits <= MAX_CARD_DIGITS && luhn(text, start, end)) {
                runs.add(new Match(DataClass.CARD_NUMBER, start, end));
            }
            i = end;
        }
        return runs;
    }

    /**
     * {@code text} with each of {@code matches} (in order, not overlapping, as {@link #matches} and {@link #luhnRuns}
     * give them) replaced by what {@code replacement} makes of it; the same instance when there is none.
     */
    public static String replace(String text, List<Match> matches, Function<Match, String> replacement) {
        if (matches.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copiedUpTo = 0;
        for (Match match : matches) {
            out.append(text, copiedUpTo, match.start()).append(replacement.apply(match));
            copiedUpTo = match.end();
        }
        return out.append(text, copiedUpTo, text.length()).toString();
    }

    /** Whether the digits of {@code text[start, end)} (separators skipped) pass the Luhn check. */
    public static boolean luhn(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
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

    private static boolean isJson(byte[] body, String contentType) {
        if (contentType != null) {
            return contentType.toLowerCase(Locale.ROOT).contains("json");
        }
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /**
     * Scans the string and integer values of a JSON body; returns -1 when it was read to its end, else the byte offset
     * from which the rest must be scanned as plain text.
     */
    private static int scanJson(byte[] body, Set<DataClass> found) {
        JsonParser parser = null;
        try {
            parser = BODY_JSON.createParser(body);
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if ((token == JsonToken.VALUE_STRING && parser.getTextLength() >= SHORTEST_VALUE)
                        || (token == JsonToken.VALUE_NUMBER_INT && parser.getTextLength() >= MIN_CARD_DIGITS)) {
                    scanText(parser.getText(), found);
                    if (found.size() == ALL.size()) {
                        return -1;
                    }
                }
            }
            return -1;
        } catch (IOException e) {
            // cut by the proxy's bound, or not JSON after all: from the token being read on (a string value is read
            // when asked for, so a string cut short is scanned from its opening quote)
            long from = parser == null ? 0 : parser.currentTokenLocation().getByteOffset();
            return (int) Math.max(0, Math.min(from, body.length));
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException e) {
                    // a parser over a byte array holds nothing to release
                }
            }
        }
    }

    private static void scanText(CharSequence text, Set<DataClass> found) {
        if (text.length() >= SHORTEST_VALUE) {
            new Scanner(text, ALL, null, found).run();
        }
    }

    /** The bytes from {@code from} as Latin-1: every pattern is ASCII, and any other byte ends a word. */
    private static String latin1(byte[] body, int from) {
        return new String(body, from, body.length - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLetter(char c) {
        return isUpper(c) || (c >= 'a' && c <= 'z');
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    private static boolean isTokenChar(char c) {
        return isAlnum(c) || c == '_' || c == '-';
    }

    private static boolean isBase64Url(char c) {
        return isAlnum(c) || c == '_' || c == '-';
    }

    /**
     * One pass over one text. Either collects matches of some classes ({@code matches}) or only notes which classes
     * occur ({@code found}), stopping once each has been seen.
     */
    private static final class Scanner {
        private final CharSequence text;
        private final int length;
        private final Set<DataClass> wanted;
        private final List<Match> matches;
        private final Set<DataClass> found;
        private long work;
        /** End of the last match, so that matches never overlap. */
        private int lastEnd;

        Scanner(CharSequence text, Set<DataClass> wanted, List<Match> matches, Set<DataClass> found) {
            this.text = text;
            this.length = text.length();
            this.wanted = EnumSet.copyOf(wanted);
            this.matches = matches;
            this.found = found;
            if (found != null) {
                this.wanted.removeAll(found);
            }
            this.work = (long) WORK_PER_CHAR * length + WORK_BASE;
        }

        void run() {
            int i = 0;
            while (i < length && !wanted.isEmpty() && work > 0) {
                char c = text.charAt(i);
                boolean wordStart = i == 0 || !isAlnum(text.charAt(i - 1));
                int next;
                if (c == '@') {
                    next = email(i);
                } else if (!wordStart) {
                    next = i + 1;
                } else if (isDigit(c)) {
                    next = digits(i);
                } else if (isLetter(c)) {
                    next = word(i);
                } else if (c == '-') {
                    next = pem(i);
                } else {
                    next = i + 1;
                }
                i = Math.max(next, i + 1);
            }
        }

        private boolean wants(DataClass dataClass) {
            return wanted.contains(dataClass);
        }

        /** Records a match; returns its end, where scanning goes on. */
        private int hit(DataClass dataClass, int start, int end) {
            lastEnd = end;
            if (matches != null) {
                matches.add(new Match(dataClass, start, end));
            } else {
                found.add(dataClass);
                wanted.remove(dataClass);
            }
            return end;
        }

        // ---- digits: card numbers and US SSNs ----

        /** A digit run from {@code start}, with single-separator groups; returns where scanning goes on. */
        private int digits(int start) {
            int[] groups = new int[MAX_GROUPS];
            int groupCount = 0;
            int digitCount = 0;
            char separator = 0;
            int run = 0;
            int i = start;
            boolean groupedAsCard = true;
            while (i < length) {
                char c = text.charAt(i);
                if (isDigit(c)) {
                    run++;
                    digitCount++;
                    i++;
                } else if ((c == ' ' || c == '-')
                        && (separator == 0 || separator == c)
                        && i + 1 < length
                        && isDigit(text.charAt(i + 1))) {
                    if (groupCount < MAX_GROUPS) {
                        groups[groupCount] = run;
                    }
                    groupCount++;
                    separator = c;
                    run = 0;
                    i++;
                } else {
                    break;
                }
            }
            if (groupCount < MAX_GROUPS) {
                groups[groupCount] = run;
            } else {
                groupedAsCard = false;
            }
            groupCount++;
            int end = i;
            work -= end - start;
            if (digitCount > MAX_CARD_DIGITS || !digitBoundary(start, end)) {
                return end;
            }
            if (wants(DataClass.CARD_NUMBER)
                    && digitCount >= MIN_CARD_DIGITS
                    && groupedAsCard
                    && cardGrouping(groups, groupCount)
                    && issuedLength(start, end, digitCount)
                    && luhn(text, start, end)) {
                return hit(DataClass.CARD_NUMBER, start, end);
            }
            if (wants(DataClass.NATIONAL_ID)
                    && separator == '-'
                    && groupCount == 3
                    && groups[0] == 3
                    && groups[1] == 2
                    && groups[2] == 4
                    && issuableSsn(start)) {
                return hit(DataClass.NATIONAL_ID, start, end);
            }
            return end;
        }

        /**
         * Neither end of {@code [start, end)} touches what makes it part of a longer token, decimal, path or phone
         * number: a letter, {@code .}, {@code _}, {@code /}, {@code +}, or a {@code -} joining it to a word.
         */
        private boolean digitBoundary(int start, int end) {
            char before = charAt(text, start - 1);
            if (isLetter(before) || before == '.' || before == '_' || before == '/' || before == '+') {
                return false;
            }
            if (before == '-' && isAlnum(charAt(text, start - 2))) {
                return false;
            }
            char after = charAt(text, end);
            if (isAlnum(after) || after == '_') {
                return false;
            }
            return !((after == '.' || after == '-' || after == '/' || after == ',') && isAlnum(charAt(text, end + 1)));
        }

        private boolean cardGrouping(int[] groups, int count) {
            if (count == 1) {
                return true;
            }
            if (count == 3 && groups[0] == 4 && groups[1] == 6 && (groups[2] == 5 || groups[2] == 4)) {
                return true;
            }
            if (count < 3) {
                return false;
            }
            for (int g = 0; g < count - 1; g++) {
                if (groups[g] != 4) {
                    return false;
                }
            }
            return groups[count - 1] >= 1 && groups[count - 1] <= 4;
        }

        private boolean issuedLength(int start, int end, int digitCount) {
            int prefix = 0;
            int taken = 0;
            int[] prefixes = new int[4];
            for (int i = start; i < end && taken < 4; i++) {
                char c = text.charAt(i);
                if (isDigit(c)) {
                    prefix = prefix * 10 + (c - '0');
                    prefixes[taken++] = prefix;
                }
            }
            for (int[] scheme : CARD_SCHEMES) {
                int value = prefixes[scheme[2] - 1];
                if (value >= scheme[0] && value <= scheme[1] && digitCount >= scheme[3] && digitCount <= scheme[4]) {
                    return true;
                }
            }
            return false;
        }

        private boolean issuableSsn(int start) {
            int area = number(start, 3);
            int group = number(start + 4, 2);
            int serial = number(start + 7, 4);
            if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
                return false;
            }
            return !(area == 78 && group == 5 && serial == 1120) && !(area == 219 && group == 9 && serial == 9999);
        }

        private int number(int from, int digits) {
            int value = 0;
            for (int i = from; i < from + digits; i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
            return value;
        }

        // ---- words opening with a letter: IBANs, NINOs, tokens ----

        private int word(int start) {
            int end = skipWord(start);
            int wordLength = end - start;
            char first = text.charAt(start);
            if (wants(DataClass.TOKEN)) {
                int token = token(start, end);
                if (token > 0) {
                    return token;
                }
            }
            if (isUpper(first) && wordLength >= 2 && isUpper(text.charAt(start + 1))) {
                if (wants(DataClass.IBAN)) {
                    int iban = iban(start, end);
                    if (iban > 0) {
                        return iban;
                    }
                }
                if (wants(DataClass.NATIONAL_ID)) {
                    int nino = nino(start, end);
                    if (nino > 0) {
                        return nino;
                    }
                }
            }
            return end;
        }

        /** The end of a token opening at {@code start} (word ending at {@code wordEnd}), or -1. */
        private int token(int start, int wordEnd) {
            char first = text.charAt(start);
            if (first == 'e' && regionMatches(start, "eyJ")) {
                int jwt = jwt(start);
                if (jwt > 0) {
                    return jwt;
                }
            }
            if ((first == 'B' || first == 'b') && regionMatchesIgnoreCase(start, "bearer ")) {
                int from = start + 7;
                while (from < length && text.charAt(from) == ' ') {
                    from++;
                }
                int end = from;
                while (end < length && isToken68(text.charAt(end))) {
                    end++;
                }
                work -= end - start;
                if (end - from >= MIN_BEARER_VALUE) {
                    return hit(DataClass.TOKEN, start, end);
                }
            }
            if ((first == 'A')
                    && wordEnd - start == 20
                    && (regionMatches(start, "AKIA") || regionMatches(start, "ASIA"))) {
                for (int i = start + 4; i < wordEnd; i++) {
                    if (!isUpper(text.charAt(i)) && !isDigit(text.charAt(i))) {
                        return -1;
                    }
                }
                return hit(DataClass.TOKEN, start, wordEnd);
            }
            for (Map.Entry<String, Integer> prefix : TOKEN_PREFIXES) {
                String p = prefix.getKey();
                if (p.charAt(0) == first && regionMatches(start, p)) {
                    int end = start + p.length();
                    while (end < length && isTokenChar(text.charAt(end))) {
                        end++;
                    }
                    work -= end - start;
                    if (end - start - p.length() >= prefix.getValue()) {
                        return hit(DataClass.TOKEN, start, end);
                    }
                }
            }
            return -1;
        }

        private int jwt(int start) {
            int headerEnd = start;
            while (headerEnd < length && isBase64Url(text.charAt(headerEnd))) {
                headerEnd++;
            }
            if (headerEnd >= length || text.charAt(headerEnd) != '.' || headerEnd - start > MAX_JWT_HEADER) {
                return -1;
            }
            int payloadEnd = headerEnd + 1;
            while (payloadEnd < length && isBase64Url(text.charAt(payloadEnd))) {
                payloadEnd++;
            }
            if (payloadEnd == headerEnd + 1 || payloadEnd >= length || text.charAt(payloadEnd) != '.') {
                return -1;
            }
            int end = payloadEnd + 1;
            while (end < length && isBase64Url(text.charAt(end))) {
                end++;
            }
            work -= end - start;
            return hasJsonHeader(start, headerEnd) ? hit(DataClass.TOKEN, start, end) : -1;
        }

        private boolean hasJsonHeader(int start, int end) {
            try {
                byte[] header = Base64.getUrlDecoder()
                        .decode(text.subSequence(start, end).toString());
                JsonNode node = JSON.readTree(header);
                return node != null && node.isObject() && node.has("alg");
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }

        private int pem(int start) {
            if (!wants(DataClass.TOKEN) || !regionMatches(start, PEM_BEGIN)) {
                return start + 1;
            }
            int kind = start + PEM_BEGIN.length();
            for (int i = kind; i <= kind + MAX_PEM_KIND && i < length; i++) {
                if (regionMatches(i, PEM_PRIVATE_KEY)) {
                    return hit(DataClass.TOKEN, start, i + PEM_PRIVATE_KEY.length());
                }
                if (!isUpper(text.charAt(i)) && text.charAt(i) != ' ') {
                    break;
                }
            }
            work -= MAX_PEM_KIND;
            return start + 1;
        }

        private int iban(int start, int wordEnd) {
            Integer expected =
                    IBAN_LENGTHS.get(text.subSequence(start, start + 2).toString());
            if (expected == null
                    || start + 4 > length
                    || !isDigit(text.charAt(start + 2))
                    || !isDigit(text.charAt(start + 3))) {
                return -1;
            }
            StringBuilder compact = new StringBuilder(expected);
            int end;
            if (wordEnd - start == expected) {
                compact.append(text, start, wordEnd);
                end = wordEnd;
            } else if (wordEnd - start == 4) {
                // grouped in fours: "DE89 3704 0044 0532 0130 00"
                compact.append(text, start, wordEnd);
                end = wordEnd;
                while (compact.length() < expected
                        && end + 1 < length
                        && text.charAt(end) == ' '
                        && isAlnum(text.charAt(end + 1))) {
                    int groupEnd = skipWord(end + 1);
                    int group = groupEnd - end - 1;
                    if (group > 4 || (group < 4 && compact.length() + group != expected)) {
                        return -1;
                    }
                    compact.append(text, end + 1, groupEnd);
                    end = groupEnd;
                }
                if (compact.length() != expected) {
                    return -1;
                }
            } else {
                return -1;
            }
            work -= end - start;
            return mod97(compact) ? hit(DataClass.IBAN, start, end) : -1;
        }

        private int nino(int start, int wordEnd) {
            StringBuilder compact = new StringBuilder(9);
            int end;
            if (wordEnd - start == 9) {
                compact.append(text, start, wordEnd);
                end = wordEnd;
            } else if (wordEnd - start == 2) {
                // "AB 12 34 56 C"
                compact.append(text, start, wordEnd);
                end = wordEnd;
                int[] parts = {2, 2, 2, 1};
                for (int part : parts) {
                    if (end + 1 + part > length || text.charAt(end) != ' ') {
                        return -1;
                    }
                    int partEnd = skipWord(end + 1);
                    if (partEnd - end - 1 != part) {
                        return -1;
                    }
                    compact.append(text, end + 1, partEnd);
                    end = partEnd;
                }
            } else {
                return -1;
            }
            return allocatableNino(compact) ? hit(DataClass.NATIONAL_ID, start, end) : -1;
        }

        // ---- e-mail addresses, found by their '@' ----

        private int email(int at) {
            if (!wants(DataClass.EMAIL)) {
                return at + 1;
            }
            int start = at;
            while (start > 0 && at - start < MAX_EMAIL_LOCAL && isEmailLocal(text.charAt(start - 1))) {
                start--;
            }
            start = Math.max(start, lastEnd);
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            if (start == at) {
                return at + 1;
            }
            int end = at + 1;
            int labelStart = end;
            int dots = 0;
            boolean alphaTld = false;
            while (end < length && end - at <= MAX_EMAIL_DOMAIN) {
                char c = text.charAt(end);
                if (isAlnum(c) || c == '-') {
                    end++;
                } else if (c == '.' && end > labelStart && end + 1 < length && isAlnum(text.charAt(end + 1))) {
                    dots++;
                    end++;
                    labelStart = end;
                } else {
                    break;
                }
            }
            work -= end - start;
            if (dots == 0 || end - labelStart < 2) {
                return end;
            }
            alphaTld = true;
            for (int i = labelStart; i < end; i++) {
                alphaTld &= isLetter(text.charAt(i));
            }
            return alphaTld ? hit(DataClass.EMAIL, start, end) : end;
        }

        // ---- helpers ----

        private int skipWord(int from) {
            int i = from;
            while (i < length && isAlnum(text.charAt(i))) {
                i++;
            }
            return i;
        }

        private boolean regionMatches(int at, String s) {
            if (at + s.length() > length) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (text.charAt(at + i) != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean regionMatchesIgnoreCase(int at, String lower) {
            if (at + lower.length() > length) {
                return false;
            }
            for (int i = 0; i < lower.length(); i++) {
                if (Character.toLowerCase(text.charAt(at + i)) != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static char charAt(CharSequence text, int index) {
        return index >= 0 && index < text.length() ? text.charAt(index) : ' ';
    }

    private static boolean isToken68(char c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
    }

    private static boolean isEmailLocal(char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** ISO 13616: the country and check digits moved to the end, letters as 10-35, the number mod 97 is 1. */
    static boolean mod97(CharSequence iban) {
        int remainder = 0;
        int length = iban.length();
        for (int k = 0; k < length; k++) {
            char c = iban.charAt((k + 4) % length);
            if (isDigit(c)) {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (isUpper(c)) {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /** HMRC's rules for the prefix letters, six digits, and a suffix A to D. */
    static boolean allocatableNino(CharSequence nino) {
        char first = nino.charAt(0);
        char second = nino.charAt(1);
        if (!isUpper(first) || !isUpper(second) || "DFIQUV".indexOf(first) >= 0 || "DFIOQUV".indexOf(second) >= 0) {
            return false;
        }
        String prefix = "" + first + second;
        if (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix)) {
            return false;
        }
        for (int i = 2; i < 8; i++) {
            if (!isDigit(nino.charAt(i))) {
                return false;
            }
        }
        char suffix = nino.charAt(8);
        return suffix >= 'A' && suffix <= 'D';
    }
}
