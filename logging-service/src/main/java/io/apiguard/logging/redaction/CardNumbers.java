package io.apiguard.logging.redaction;

import io.apiguard.common.inspect.DataClasses;

/**
 * Finds and masks card numbers: digit runs of 13 to 19 digits, spaces or dashes allowed between groups, that pass the
 * Luhn check (found by {@link DataClasses#luhnRuns}, the one card-number implementation); masked as {@code [card-NNNN]}
 * with the last four digits kept. Pure and thread-safe.
 */
final class CardNumbers {

    private CardNumbers() {}

    /** {@code value} with every Luhn-valid run masked as {@code [card-NNNN]} (last four digits kept). */
    static String mask(String value) {
        return DataClasses.replace(
                value, DataClasses.luhnRuns(value), run -> "[card-" + lastFour(value, run.end()) + "]");
    }

    private static String lastFour(String value, int end) {
        StringBuilder digits = new StringBuilder(4);
        for (int i = end - 1; i >= 0 && digits.length() < 4; i--) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.insert(0, c);
            }
        }
        return digits.toString();
    }
}
