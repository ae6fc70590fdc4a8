package io.apiguard.support.edge;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import io.apiguard.common.events.WireValue;
import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * Query parameters read by hand, so that a bad value is a 400 problem naming the parameter and quoting the value (cut
 * to a length fit for a message), where JAX-RS would answer 404 for a value its converter refuses. Absent and blank
 * are alike: the parameter was not given.
 */
public final class QueryParameters {

    /** The title of a refused query parameter. */
    public static final String TITLE = "Bad query parameter";

    /** The title of a refused filter by wire value ({@link #filter}). */
    public static final String FILTER_TITLE = "Bad filter";

    private static final int QUOTED_LENGTH = 64;

    private QueryParameters() {}

    /** {@code value} trimmed; null when absent or blank. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The ISO-8601 instant {@code value} names; null when absent, a 400 when it names none. */
    public static Instant instant(String name, String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 instant such as 2026-11-22T10:15:30Z, not '"
                    + abbreviated(value) + "'");
        }
    }

    /**
     * A page size: {@code defaultLimit} when absent, else a number within 1..{@code max}. Read by hand, so that a
     * value that is not a number, or one that overflows an {@code int}, is a 400 naming it rather than a 404.
     */
    public static int limit(String value, int defaultLimit, int max) {
        String text = text(value);
        if (text == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below like an out-of-range number
        }
        throw badRequest("limit must be within 1.." + max + ", not '" + abbreviated(value) + "'");
    }

    /**
     * The wire spelling among {@code values} that {@code value} names, exactly (trimmed); null when absent, and a 400
     * listing them when it names none.
     */
    public static String wire(String name, String value, WireValue[] values) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        List<String> wires = wires(values);
        if (wires.contains(text)) {
            return text;
        }
        throw badRequest(name + " must be one of " + wires + ", not '" + abbreviated(value) + "'");
    }

    /**
     * The value among {@code values} whose wire spelling {@code value} names in any case (a filter of a listing);
     * null when absent, and a 400 titled {@value #FILTER_TITLE} listing them when it names none.
     */
    public static <E extends WireValue> E filter(String name, String value, E[] values) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values)
                .filter(candidate -> candidate.wire().equals(wanted))
                .findFirst()
                .orElseThrow(() -> problem(
                        FILTER_TITLE,
                        name + " must be one of " + wires(values) + ", not '" + abbreviated(value) + "'"));
    }

    /**
     * The page cursor a client passed back, as {@code decode} reads it; null when absent (the first page). A value
     * {@code decode} refuses (IllegalArgumentException, whose message must not quote the value) is a 400 quoting it.
     */
    public static <C> C cursor(String value, Function<String, C> decode) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return decode.apply(text);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage() + ": " + abbreviated(text));
        }
    }

    /** {@code value} cut to a length fit for an error message. */
    public static String abbreviated(String value) {
        return value.length() <= QUOTED_LENGTH ? value : value.substring(0, QUOTED_LENGTH) + "...";
    }

    /** A 400 problem titled {@value #TITLE}, for a refusal the other methods do not cover. */
    public static HttpProblem badRequest(String detail) {
        return problem(TITLE, detail);
    }

    private static HttpProblem problem(String title, String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle(title)
                .withDetail(detail)
                .build();
    }

    private static List<String> wires(WireValue[] values) {
        return Arrays.stream(values).map(WireValue::wire).toList();
    }
}
