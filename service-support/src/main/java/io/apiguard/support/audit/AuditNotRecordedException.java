package io.apiguard.support.audit;

import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * An operator action whose audit record was not acknowledged ({@link OperatorAudit#record} failed): the action is not
 * carried out, or its transaction rolls back, and the caller gets a problem+json 503. The broker's failure is kept as
 * the cause, for the log; the response says only what the failure means for the action.
 *
 * <p>The title, the detail and whether to send {@code Retry-After} are the app's: each service's API has documented
 * its own wording of this 503 since before they shared this type, and its clients may read it.
 */
public class AuditNotRecordedException extends HttpProblem {

    /** A 503 with {@code title} and {@code detail}, caused by {@code cause}. */
    public AuditNotRecordedException(String title, String detail, Throwable cause) {
        this(problem(title, detail), cause);
    }

    /** A 503 with {@code title} and {@code detail} that asks the caller to retry after {@code retryAfterSeconds}. */
    public AuditNotRecordedException(String title, String detail, int retryAfterSeconds, Throwable cause) {
        this(problem(title, detail).withHeader("Retry-After", retryAfterSeconds), cause);
    }

    private AuditNotRecordedException(HttpProblem.Builder problem, Throwable cause) {
        super(problem);
        initCause(cause);
    }

    private static HttpProblem.Builder problem(String title, String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                .withTitle(title)
                .withDetail(detail);
    }
}
