package io.apiguard.common.inspect;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Finds {@link DataClass}es in a response body. Pure and thread-safe; callers bound what they pass (the proxy hands
 * over at most its configured number of bytes).
 */
public final class DataClasses {

    private DataClasses() {}

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
        String text = new String(body, StandardCharsets.UTF_8);
        if (hasCardNumber(text)) {
            found.add(DataClass.CARD_NUMBER);
        }
        return found;
    }

    /** A run of 13 to 19 digits (spaces or dashes between groups allowed) that passes the Luhn check. */
    static boolean hasCardNumber(String text) {
        int[] digits = new int[19];
        int count = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\0';
            if (c >= '0' && c <= '9') {
                if (count == digits.length) {
                    count = 0; // longer than any card number: an id or an amount, not a PAN
                    while (i < text.length() && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                    continue;
                }
                digits[count++] = c - '0';
            } else if ((c == ' ' || c == '-')
                    && count > 0
                    && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1))) {
                // a separator inside a grouped number
            } else {
                if (count >= 13 && luhn(digits, count)) {
                    return true;
                }
                count = 0;
            }
        }
        return false;
    }

    private static boolean luhn(int[] digits, int count) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            int d = digits[count - 1 - i];
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
