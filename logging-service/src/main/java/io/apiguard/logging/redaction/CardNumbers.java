package io.apiguard.logging.redaction;

/**
 * Finds and masks card numbers: digit runs of 13 to 19 digits, spaces or dashes allowed between groups, that pass the
 * Luhn check; masked as {@code [card-NNNN]} with the last four digits kept. Pure and thread-safe.
 */
final class CardNumbers {

    private static final int MIN_CARD_DIGITS = 13;
    private static final int MAX_CARD_DIGITS = 19;

    private CardNumbers() {}

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
                out.append(value, copiedUpTo, start)
                        .append("[card-")
                        .append(lastFour(value, end))
                        .append(']');
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
