package io.apiguard.logging.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.core.Response;

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
            throw badRequest(name + " must be an ISO-8601 instant such as 2026-11-22T10:15:30Z, not '" + value + "'");
        }
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
