package io.apiguard.common.events;

import java.time.Instant;

/**
 * Payload of {@code apiguard.network}: one network flow record (from a CNI flow log or similar), joined by
 * detection-service to API identities by client or pod address.
 *
 * @param sourceIp        the side that opened the connection
 * @param sourcePort      its port
 * @param destinationIp   the side that accepted it
 * @param destinationPort its port
 * @param protocol        {@code tcp} or {@code udp}, as the flow log names it
 * @param bytesSent       bytes from source to destination
 * @param bytesReceived   bytes from destination to source
 * @param start           when the flow started
 * @param end             when it ended; null while it is still open
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
        Require.ordered(start, "start", end, "end");
        port(sourcePort, "sourcePort");
        port(destinationPort, "destinationPort");
        Require.notNegative(bytesSent, "bytesSent");
        Require.notNegative(bytesReceived, "bytesReceived");
    }

    private static void port(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be a port (0-65535): " + port);
        }
    }
}
