package io.apiguard.common.events;

import java.time.Instant;

/**
 * Payload of {@code apiguard.network}: one network flow record (from a CNI flow log or similar), joined by
 * detection-service to API identities by client or pod address. Published by detection's flow adapters from the raw
 * records of pmacct ({@code apiguard.network.pmacct}) and Cilium Hubble ({@code apiguard.network.hubble}), or by any
 * other producer in this shape.
 *
 * @param sourceIp            the side that opened the connection
 * @param sourcePort          its port
 * @param destinationIp       the side that accepted it
 * @param destinationPort     its port
 * @param protocol            {@code tcp} or {@code udp}, as the flow log names it
 * @param bytesSent           bytes from source to destination; 0 when the collector does not count them (Hubble)
 * @param bytesReceived       bytes from destination to source
 * @param start               when the flow started
 * @param end                 when it ended; null while it is still open, or when the collector did not say
 * @param packetsSent         packets from source to destination; 0 when the collector does not count them
 * @param collector           what produced the record ({@code pmacct}, {@code hubble}); null from producers that do
 *                            not say (records written before v1.1)
 * @param sourceWorkload      the Kubernetes pod of the source, when the collector knows it (Hubble); else null
 * @param destinationWorkload the Kubernetes pod of the destination, when the collector knows it; else null
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
        Instant end,
        long packetsSent,
        String collector,
        Workload sourceWorkload,
        Workload destinationWorkload) {

    /** The collector name of records mapped from pmacct's {@code nfacctd}. */
    public static final String PMACCT = "pmacct";
    /** The collector name of records mapped from Cilium Hubble. */
    public static final String HUBBLE = "hubble";

    public NetworkFlow {
        Require.text(sourceIp, "sourceIp");
        Require.text(destinationIp, "destinationIp");
        Require.present(start, "start");
        Require.ordered(start, "start", end, "end");
        port(sourcePort, "sourcePort");
        port(destinationPort, "destinationPort");
        Require.notNegative(bytesSent, "bytesSent");
        Require.notNegative(bytesReceived, "bytesReceived");
        Require.notNegative(packetsSent, "packetsSent");
    }

    /** A flow as v1.0 producers described it: no packet count, collector or workloads. */
    public NetworkFlow(
            String sourceIp,
            int sourcePort,
            String destinationIp,
            int destinationPort,
            String protocol,
            long bytesSent,
            long bytesReceived,
            Instant start,
            Instant end) {
        this(
                sourceIp,
                sourcePort,
                destinationIp,
                destinationPort,
                protocol,
                bytesSent,
                bytesReceived,
                start,
                end,
                0,
                null,
                null,
                null);
    }

    /**
     * A Kubernetes pod on one side of a flow.
     *
     * @param namespace its namespace
     * @param pod       its name
     */
    public record Workload(String namespace, String pod) {

        public Workload {
            Require.text(namespace, "namespace");
            Require.text(pod, "pod");
        }
    }

    private static void port(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be a port (0-65535): " + port);
        }
    }
}
