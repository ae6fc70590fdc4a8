package io.apiguard.detection.flows;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One Cilium Hubble flow ({@code flow.proto}'s {@code Flow}) as {@code hubble observe -o json} and the flow exporter
 * write it, inside {@code {"flow": {...}, "node_name": ..., "time": ...}}. Names are the proto's ({@code IP},
 * {@code l4}, {@code pod_name}, {@code traffic_direction}); the lowerCamel JSON names protobuf's own JSON mapping uses
 * are accepted too. Only what the adapter maps is declared; everything else (ethernet, L7, policies, trace points) is
 * ignored. Hubble counts no bytes: a flow event is an observed packet or verdict, not an accounted flow.
 *
 * @param time             when the event was observed (RFC 3339, nanoseconds)
 * @param verdict          {@code FORWARDED}, {@code DROPPED}, {@code AUDIT}, {@code REDIRECTED}, {@code ERROR}, ...
 * @param ip               the packet's addresses
 * @param l4               its ports and protocol
 * @param source           the endpoint that sent the packet
 * @param destination      the endpoint it was sent to
 * @param trafficDirection {@code INGRESS} or {@code EGRESS}, as seen from the endpoint the event is about
 * @param isReply          whether the packet belongs to the reply direction of its connection
 * @param type             {@code L3_L4}, {@code L7}, {@code SOCK}, ...
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HubbleFlow(
        String time,
        String verdict,
        @JsonProperty("IP") Ip ip,
        @JsonProperty("l4") Layer4 l4,
        Endpoint source,
        Endpoint destination,

        @JsonProperty("traffic_direction") @JsonAlias("trafficDirection")
        String trafficDirection,

        @JsonProperty("is_reply") @JsonAlias("isReply") Boolean isReply,
        @JsonProperty("Type") @JsonAlias("type") String type) {

    /** The {@code {"flow": ...}} line of {@code hubble observe -o json} and of the flow exporter. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(
            HubbleFlow flow,

            @JsonProperty("node_name") @JsonAlias("nodeName")
            String nodeName,

            String time) {}

    /** The IP layer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ip(
            String source,
            String destination,
            @JsonAlias("ip_version") String ipVersion) {}

    /** The transport layer: one of its members is set. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Layer4(
            @JsonProperty("TCP") Ports tcp,
            @JsonProperty("UDP") Ports udp,
            @JsonProperty("SCTP") Ports sctp,
            @JsonProperty("ICMPv4") Object icmpv4,
            @JsonProperty("ICMPv6") Object icmpv6) {}

    /** Ports of TCP, UDP or SCTP. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ports(
            @JsonProperty("source_port") @JsonAlias("sourcePort")
            Integer sourcePort,

            @JsonProperty("destination_port") @JsonAlias("destinationPort")
            Integer destinationPort) {}

    /** A Cilium endpoint: a pod, or a reserved identity (world, host) without pod. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoint(
            String namespace,
            @JsonProperty("pod_name") @JsonAlias("podName") String podName,
            List<String> labels) {}
}
