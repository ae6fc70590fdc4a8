package io.apiguard.common.events;

import java.time.Instant;

/**
 * Payload of {@code apiguard.network}: one network flow record (from a CNI flow log or similar), joined by
 * detection-service to API identities by client or pod address.
 */
public record NetworkFlow(
        String sourceIp,
        int sourcePort,
        String destinationIp,
        int destinationPort,
        String protocol,
        long bytesSent,
        long bytesReceived,
        Instant start,
        Instant end) {

    public NetworkFlow {
        Require.text(sourceIp, "sourceIp");
        Require.text(destinationIp, "destinationIp");
        Require.present(start, "start");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }
}
