package io.apiguard.logging.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.core.Response;

import io.apiguard.common.events.WireValue;
import io.apiguard.logging.store.PageCursor;
import io.quarkiverse.resteasy.problem.HttpProblem;

/** Parses query parameters by hand so that a bad value is a 400 naming it (JAX-RS would answer 404). */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
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
     * The wire spelling among {@code values} that {@code value} names; null when absent, and a 400 listing them when it
     * names none.
     */
    public static String wire(String name, String value, WireValue[] values) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        List<String> wires = Arrays.stream(values).map(WireValue::wire).toList();
        if (wires.contains(text)) {
            return text;
        }
        throw badRequest(name + " must be one of " + wires + ", not '" + abbreviated(value) + "'");
    }

    /** The page cursor a client passed back; null when absent (the first page). */
    public static PageCursor cursor(String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return PageCursor.decode(text);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage() + ": " + abbreviated(text));
        }
    }

    /** {@code value} cut to a length fit for an error message. */
    public static String abbreviated(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static HttpProblem badRequest(String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle("Bad query parameter")
                .withDetail(detail)
                .build();
    }
}
