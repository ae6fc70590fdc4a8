package io.apiguard.detection.audit;

import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * An operator action whose audit record the broker did not acknowledge: the action is not carried out (its
 * transaction rolls back) and the caller gets a problem+json 503 to retry later.
 */
public class AuditNotRecordedException extends HttpProblem {

    public AuditNotRecordedException(Throwable cause) {
        super(HttpProblem.builder()
                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                .withTitle("Audit record not written")
                .withDetail("apiguard.audit did not acknowledge the record of this action, so nothing was changed; "
                        + "retry later")
                .withHeader("Retry-After", 5));
        initCause(cause);
    }
}
