package io.apiguard.detection.flows;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.apiguard.common.events.NetworkFlow;

/**
 * Maps Hubble flow events to {@link NetworkFlow}s. A {@code NetworkFlow}'s source is the side that opened the
 * connection, so reply packets ({@code is_reply: true}) map to nothing (their connection was mapped from its request
 * direction), and so do verdicts under which nothing left the sender ({@code DROPPED}, {@code ERROR}). Hubble counts
 * neither bytes nor packets: the flow carries 0 of both, an instant ({@code end} = {@code start}), and the pods of both
 * sides, which is what joins it to the API that sent it. Stateless.
 */
public final class HubbleFlows {

    /** Verdicts under which the packet went on towards its destination. */
    static final Set<String> DELIVERED = Set.of("FORWARDED", "AUDIT", "REDIRECTED", "TRACED", "TRANSLATED");

    /** Kubernetes' limits: a namespace is a DNS label, a pod name a DNS subdomain. */
    private static final int MAX_NAMESPACE = 63;

    private static final int MAX_POD_NAME = 253;

    private HubbleFlows() {}

    /**
     * The flow of {@code line}, or empty for a reply or an undelivered packet.
     *
     * @throws InvalidFlowException when it is neither (no addresses, no time, a bad port, ...)
     */
    public static Optional<NetworkFlow> toFlow(HubbleFlow.Line line, Instant now) {
        if (line == null || line.flow() == null) {
            throw new InvalidFlowException("a Hubble line must carry a flow object");
        }
        HubbleFlow flow = line.flow();
        if (Boolean.TRUE.equals(flow.isReply())) {
            return Optional.empty();
        }
        if (flow.verdict() != null && !DELIVERED.contains(flow.verdict())) {
            return Optional.empty();
        }
        if (flow.ip() == null) {
            throw new InvalidFlowException("the flow has no IP section");
        }
        String source = FlowFields.address(flow.ip().source(), "IP.source");
        String destination = FlowFields.address(flow.ip().destination(), "IP.destination");
        Instant time = FlowFields.timestamp(flow.time() != null ? flow.time() : line.time(), "time", now);
        FlowFields.ordered(time, time);
        if (flow.l4() == null) {
            throw new InvalidFlowException("the flow has no l4 section");
        }
        HubbleFlow.Ports ports;
        String protocol;
        if (flow.l4().tcp() != null) {
            ports = flow.l4().tcp();
            protocol = "tcp";
        } else if (flow.l4().udp() != null) {
            ports = flow.l4().udp();
            protocol = "udp";
        } else if (flow.l4().sctp() != null) {
            ports = flow.l4().sctp();
            protocol = "sctp";
        } else if (flow.l4().icmpv4() != null) {
            ports = new HubbleFlow.Ports(0, 0);
            protocol = "icmp";
        } else if (flow.l4().icmpv6() != null) {
            ports = new HubbleFlow.Ports(0, 0);
            protocol = "ipv6-icmp";
        } else {
            throw new InvalidFlowException("the flow's l4 section names no TCP, UDP, SCTP or ICMP");
        }
        return Optional.of(new NetworkFlow(
                source,
                FlowFields.port(ports.sourcePort(), "l4." + protocol + ".source_port"),
                destination,
                FlowFields.port(ports.destinationPort(), "l4." + protocol + ".destination_port"),
                protocol,
                0,
                0,
                time,
                time,
                0,
                NetworkFlow.HUBBLE,
                workload(flow.source()),
                workload(flow.destination())));
    }

    private static NetworkFlow.Workload workload(HubbleFlow.Endpoint endpoint) {
        if (endpoint == null
                || endpoint.namespace() == null
                || endpoint.namespace().isBlank()
                || endpoint.podName() == null
                || endpoint.podName().isBlank()) {
            return null;
        }
        if (endpoint.namespace().length() > MAX_NAMESPACE || endpoint.podName().length() > MAX_POD_NAME) {
            throw new InvalidFlowException("the endpoint's namespace or pod_name is longer than Kubernetes allows");
        }
        return new NetworkFlow.Workload(endpoint.namespace(), endpoint.podName());
    }
}
