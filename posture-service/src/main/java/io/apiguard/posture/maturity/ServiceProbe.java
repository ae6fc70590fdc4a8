package io.apiguard.posture.maturity;

import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;

/**
 * The outcome of asking one service for its status: its document, or why there is none.
 *
 * @param service the service asked
 * @param status  its status document; null when it did not answer usefully
 * @param failure why there is no document; null when there is
 * @param millis  how long the question took
 */
public record ServiceProbe(String service, ServiceStatus<StatusEvidence> status, String failure, long millis) {

    /** The service answered. */
    public static ServiceProbe answered(String service, ServiceStatus<StatusEvidence> status, long millis) {
        return new ServiceProbe(service, status, null, millis);
    }

    /** The service did not answer, or answered something unusable. */
    public static ServiceProbe failed(String service, String failure, long millis) {
        return new ServiceProbe(service, null, failure, millis);
    }

    /** Whether a status document arrived. */
    public boolean answered() {
        return status != null;
    }
}
