package io.apiguard.posture.audit;

/**
 * An operator action whose audit record the broker did not acknowledge: the action is not carried out (the REST API
 * answers 503).
 */
public class AuditNotRecordedException extends RuntimeException {

    public AuditNotRecordedException(Throwable cause) {
        super("the audit record could not be written to apiguard.audit: " + cause.getMessage(), cause);
    }
}
