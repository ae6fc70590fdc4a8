package io.apiguard.logging.redaction;

import java.util.List;

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
        List<DataClasses.Match> runs = DataClasses.luhnRuns(value);
        if (runs.isEmpty()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int copiedUpTo = 0;
        for (DataClasses.Match run : runs) {
            out.append(value, copiedUpTo, run.start())
                    .append("[card-")
                    .append(lastFour(value, run.end()))
                    .append(']');
            copiedUpTo = run.end();
        }
        return out.append(value, copiedUpTo, value.length()).toString();
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
