package io.apiguard.logging.pipeline;

import java.util.Objects;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.support.security.WorkloadIdentity;

/**
 * Who handed logging-service a batch of records, which decides what of them is believed. A record names its caller,
 * but anyone who may write records can write any name: only the sidecar of the pod that served the call saw the
 * caller's credential, so only its word on the identity is kept; every other record has its identity resolved again
 * from the credential headers it carries, with the trusted-proxy check made against the connection the batch came
 * over, never against an address the record states.
 *
 * @param workload    the workload whose verified token delivered the batch; null for {@code apiguard.calls}
 * @param peerAddress the address of the connection the batch came over; null for {@code apiguard.calls}, whose
 *                    producers have no connection to us, so no proxy is trusted for them
 */
public record Sender(WorkloadIdentity workload, String peerAddress) {

    /** A producer on {@code apiguard.calls}: no connection, no workload identity. */
    public static Sender topic() {
        return new Sender(null, null);
    }

    /**
     * Whether this sender captured {@code call} in line: its token is bound to a pod, and the call was served by that
     * very pod (the record's destination namespace and pod are the token's). A sidecar vouches only for calls to its
     * own pod; a gateway, or a pod writing about another pod's calls, vouches for nothing.
     */
    public boolean capturedItself(ApiCallRecord call) {
        ApiCallRecord.Destination destination = call.destination();
        return workload != null
                && workload.boundToPod()
                && destination != null
                && Objects.equals(workload.namespace(), destination.namespace())
                && Objects.equals(workload.pod(), destination.pod());
    }
}
