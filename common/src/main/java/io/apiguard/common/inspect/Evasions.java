package io.apiguard.common.inspect;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Undoes the encodings attackers wrap a payload in so a signature sees what the application will: percent escapes
 * to a fixed point, {@code %uXXXX}, overlong UTF-8, HTML entities, {@code \\uXXXX} and {@code \\xXX} escapes, null
 * bytes, compatibility forms (NFKC: full-width and enclosed characters); and, for SQL, comments and case.
 *
 * <p>Every step is lenient on purpose: a malformed escape ({@code %zz}, a lone {@code %}, {@code &#;}) is kept as it
 * is and decoding goes on with the rest, since attackers send one in front of a payload to make a strict decoder give
 * up. Decoding never lengthens a value (every escape is longer than what it stands for), so the output is bounded by
 * the input, and it runs at most {@link #MAX_ROUNDS} rounds.
 *
 * <p>Pure and stateless: safe to call from any thread.
 */
public final class Evasions {

    /** Rounds of decoding at most: triple encoding and one more; a value still changing after that is left there. */
    public static final int MAX_ROUNDS = 4;

    /**
     * Named HTML entities that matter for payloads (markup, quotes, braces, separators), lower-case; names are matched
     * case-insensitively since browsers and the CRS corpus accept {@code &LBRACE;}.
     */
    private static final Map<String, Character> ENTITIES = Map.ofEntries(
            Map.entry("lt", '<'),
            Map.entry("gt", '>'),
            Map.entry("amp", '&'),
            Map.entry("quot", '"'),
            Map.entry("apos", '\''),
            Map.entry("lbrace", '{'),
            Map.entry("rbrace", '}'),
            Map.entry("lcub", '{'),
            Map.entry("rcub", '}'),
            Map.entry("lpar", '('),
            Map.entry("rpar", ')'),
            Map.entry("lsqb", '['),
            Map.entry("rsqb", ']'),
            Map.entry("lbrack", '['),
            Map.entry("rbrack", ']'),
            Map.entry("colon", ':'),
            Map.entry("semi", ';'),
            Map.entry("sol", '/'),
            Map.entry("bsol", '\\'),
            Map.entry("excl", '!'),
            Map.entry("num", '#'),
            Map.entry("dollar", '$'),
            Map.entry("percnt", '%'),
            Map.entry("plus", '+'),
            Map.entry("equals", '='),
            Map.entry("period", '.'),
            Map.entry("comma", ','),
            Map.entry("grave", '`'),
            Map.entry("vert", '|'),
            Map.entry("verbar", '|'),
            Map.entry("tab", '\t'),
            Map.entry("newline", '\n'),
            Map.entry("nbsp", ' '),
            Map.entry("quest", '?'),
            Map.entry("commat", '@'),
            Map.entry("ast", '*'),
            Map.entry("lowbar", '_'),
            Map.entry("hyphen", '-'));

    private static final int LONGEST_ENTITY_NAME = 8;

    private Evasions() {}

    /**
     * The value fully decoded: percent escapes (with {@code +} as a space first when {@code plusIsSpace}, as in a
     * query or form value), {@code %u}, overlong UTF-8, HTML entities and backslash escapes, repeated until nothing
     * changes or {@link #MAX_ROUNDS} rounds ran; null bytes removed. Returns {@code value} itself when there was
     * nothing to decode, so callers can tell by identity.
     */
    public static String decode(String value, boolean plusIsSpace) {
        if (!mayBeEncoded(value, plusIsSpace)) {
            return compatibilityForm(value);
        }
        String current = plusIsSpace ? value.replace('+', ' ') : value;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = backslashEscapes(htmlEntities(percent(current)));
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        current = current.indexOf('\0') >= 0 ? current.replace("\0", "") : current;
        return compatibilityForm(current);
    }

    /**
     * NFKC of a value with characters beyond ASCII, so full-width and enclosed forms read as what they stand for
     * ({@code ＜script＞}, {@code ①②⑦.⓪.⓪.①}); kept as it is when normalising would more than double it (NFKC can
     * expand some characters many times, and the output stays bounded).
     */
    static String compatibilityForm(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                // a decoder that drops the high bit (US-ASCII in old Tomcat) reads these as < > "; NFKC would not
                String stripped =
                        value.replace('\u00bc', '<').replace('\u00be', '>').replace('\u00a2', '"');
                String normalized = Normalizer.normalize(stripped, Normalizer.Form.NFKC);
                return normalized.length() > 2 * value.length() ? stripped : normalized;
            }
        }
        return value;
    }

    /** True when {@code value} holds anything {@link #decode} would change. */
    static boolean mayBeEncoded(String value, boolean plusIsSpace) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' || c == '&' || c == '\\' || c == '\0' || c >= 0x80 || (plusIsSpace && c == '+')) {
                return true;
            }
        }
        return false;
    }

    /**
     * One round of percent decoding: {@code %XX} bytes decoded as UTF-8 (overlong forms such as {@code %c0%ae}
     * accepted, as old decoders did), {@code %uXXXX} as a UTF-16 unit; anything malformed kept as it is.
     */
    static String percent(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int length = value.length();
        int i = 0;
        while (i < length) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 5 < length && (value.charAt(i + 1) == 'u' || value.charAt(i + 1) == 'U')) {
                int unit = hex4(value, i + 2);
                if (unit >= 0) {
                    out.append((char) unit);
                    i += 6;
                    continue;
                }
            }
            int first = byteAt(value, i);
            if (first < 0) {
                out.append(c); // a lone or malformed '%': kept, and decoding goes on after it
                i++;
                continue;
            }
            i = appendUtf8(value, i, first, out);
        }
        return out.toString();
    }

    /**
     * Appends the character the escaped UTF-8 sequence starting at {@code start} encodes (lead byte {@code first}),
     * overlong forms included; a byte that starts no valid sequence is appended as the Latin-1 character it is.
     * Returns the index after what was consumed.
     */
    private static int appendUtf8(String value, int start, int first, StringBuilder out) {
        int continuations;
        int codePoint;
        if (first < 0x80) {
            out.append((char) first);
            return start + 3;
        } else if (first >= 0xc0 && first < 0xe0) {
            continuations = 1;
            codePoint = first & 0x1f;
        } else if (first >= 0xe0 && first < 0xf0) {
            continuations = 2;
            codePoint = first & 0x0f;
        } else if (first >= 0xf0 && first < 0xf8) {
            continuations = 3;
            codePoint = first & 0x07;
        } else {
            out.append((char) first);
            return start + 3;
        }
        int at = start + 3;
        for (int k = 0; k < continuations; k++) {
            int next = byteAt(value, at);
            if (next < 0 || (next & 0xc0) != 0x80) {
                out.append((char) first); // truncated sequence: the lead byte alone, the rest decoded on its own
                return start + 3;
            }
            codePoint = (codePoint << 6) | (next & 0x3f);
            at += 3;
        }
        if (Character.isValidCodePoint(codePoint)) {
            out.appendCodePoint(codePoint);
        } else {
            out.append((char) first);
            return start + 3;
        }
        return at;
    }

    /** The byte escaped as {@code %XX} at {@code at}, or -1 when there is no valid escape there. */
    private static int byteAt(String value, int at) {
        if (at + 2 >= value.length() || value.charAt(at) != '%') {
            return -1;
        }
        int high = hex(value.charAt(at + 1));
        int low = hex(value.charAt(at + 2));
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    /** HTML character references: named ({@link #ENTITIES}), decimal and hex, with or without the {@code ;}. */
    static String htmlEntities(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int length = value.length();
        int i = 0;
        while (i < length) {
            char c = value.charAt(i);
            if (c != '&' || i + 1 >= length) {
                out.append(c);
                i++;
                continue;
            }
            int end;
            int decoded;
            if (value.charAt(i + 1) == '#') {
                boolean hexadecimal = i + 2 < length && (value.charAt(i + 2) == 'x' || value.charAt(i + 2) == 'X');
                int at = i + (hexadecimal ? 3 : 2);
                long number = 0;
                int digits = 0;
                while (at < length && (hexadecimal ? hex(value.charAt(at)) : decimal(value.charAt(at))) >= 0) {
                    // leading zeros are free (the CRS corpus pads with dozens); the number itself is bounded
                    number = number * (hexadecimal ? 16 : 10)
                            + (hexadecimal ? hex(value.charAt(at)) : decimal(value.charAt(at)));
                    if (number > Character.MAX_CODE_POINT) {
                        number = -1;
                        break;
                    }
                    digits++;
                    at++;
                }
                if (digits == 0 || number < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                decoded = (int) number;
                end = at < length && value.charAt(at) == ';' ? at + 1 : at;
            } else {
                int at = i + 1;
                while (at < length && at - i - 1 < LONGEST_ENTITY_NAME && Character.isLetter(value.charAt(at))) {
                    at++;
                }
                Character named = null;
                int nameEnd = at;
                // the longest known name that the letters start with, so "&ltscript" is "<script"
                for (; nameEnd > i + 1; nameEnd--) {
                    named = ENTITIES.get(value.substring(i + 1, nameEnd).toLowerCase(Locale.ROOT));
                    if (named != null) {
                        break;
                    }
                }
                if (named == null) {
                    out.append(c);
                    i++;
                    continue;
                }
                decoded = named;
                end = nameEnd < length && value.charAt(nameEnd) == ';' ? nameEnd + 1 : nameEnd;
            }
            out.appendCodePoint(decoded);
            i = end;
        }
        return out.toString();
    }

    /** JavaScript and C style escapes outside JSON ({@code \\u0070}, {@code \\x3c}); malformed ones kept. */
    static String backslashEscapes(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int length = value.length();
        int i = 0;
        while (i < length) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < length) {
                char kind = value.charAt(i + 1);
                if ((kind == 'u' || kind == 'U') && i + 5 < length) {
                    int unit = hex4(value, i + 2);
                    if (unit >= 0) {
                        out.append((char) unit);
                        i += 6;
                        continue;
                    }
                } else if ((kind == 'x' || kind == 'X') && i + 3 < length) {
                    int high = hex(value.charAt(i + 2));
                    int low = hex(value.charAt(i + 3));
                    if (high >= 0 && low >= 0) {
                        out.append((char) (high * 16 + low));
                        i += 4;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * The form a SQL signature reads: comments ({@code /* *}{@code /}, {@code --} and {@code #} to the end of the line)
     * replaced by a space, runs of whitespace collapsed into one space, lower case. Attackers split keywords with
     * comments instead of spaces ({@code UNION/**}{@code /SELECT}) and vary case; the database ignores both.
     */
    public static String sqlForm(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int length = value.length();
        int i = 0;
        boolean space = false;
        while (i < length) {
            char c = value.charAt(i);
            if (c == '/' && i + 2 < length && value.charAt(i + 1) == '*' && value.charAt(i + 2) == '!') {
                // MySQL runs /*!50000 ... */ as code: keep what is inside, drop the marker and its version
                i += 3;
                while (i < length && decimal(value.charAt(i)) >= 0) {
                    i++;
                }
                space = true;
                continue;
            }
            if (c == '*' && i + 1 < length && value.charAt(i + 1) == '/') {
                i += 2; // the end of an executable comment
                space = true;
                continue;
            }
            if (c == '/' && i + 1 < length && value.charAt(i + 1) == '*') {
                int close = value.indexOf("*/", i + 2);
                i = close < 0 ? length : close + 2;
                space = true; // the database reads a comment as whitespace: UNION/**/SELECT
                continue;
            }
            if ((c == '-' && i + 1 < length && value.charAt(i + 1) == '-') || c == '#') {
                int newline = value.indexOf('\n', i);
                i = newline < 0 ? length : newline + 1;
                space = true;
                continue;
            }
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            if (space && out.length() > 0) {
                out.append(' ');
            }
            space = false;
            out.append(Character.toLowerCase(c));
            i++;
        }
        return out.toString();
    }

    private static int hex4(String value, int at) {
        int unit = 0;
        for (int k = 0; k < 4; k++) {
            int digit = hex(value.charAt(at + k));
            if (digit < 0) {
                return -1;
            }
            unit = unit * 16 + digit;
        }
        return unit;
    }

    private static int decimal(char c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
