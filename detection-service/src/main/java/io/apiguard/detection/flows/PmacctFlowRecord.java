package io.apiguard.detection.flows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One JSON record of pmacct's {@code nfacctd} ({@code kafka_output: json}, or {@code print_output: json}), named as
 * pmacct's {@code aggregate} primitives name them ({@code src_host} is written {@code ip_src}, {@code proto}
 * {@code ip_proto}, ...). Every field is optional here; {@link PmacctFlows} decides what a flow needs. Primitives the
 * adapter does not use (tos, tcp_flags, peer_ip_dst, tags, BGP fields, ...) are ignored.
 *
 * @param eventType      {@code purge} for a flow; {@code purge_init} and {@code purge_close} mark a purge's start and
 *                       end when {@code kafka_markers} is on
 * @param sourceIp       {@code src_host}
 * @param destinationIp  {@code dst_host}
 * @param sourcePort     {@code src_port}
 * @param destinationPort {@code dst_port}
 * @param protocol       {@code proto}: a name ({@code tcp}), or a number with {@code proto_numeric}
 * @param bytes          bytes of the (unidirectional) flow
 * @param packets        its packets
 * @param timestampStart {@code timestamp_start}; format by {@code timestamps_rfc3339}, {@code timestamps_since_epoch}
 * @param timestampEnd   {@code timestamp_end}
 * @param timestampArrival {@code timestamp_arrival}, when the aggregate has no {@code timestamp_start}
 * @param exporter       {@code peer_src_ip}: the exporter (router, probe) that sent the flow
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PmacctFlowRecord(
        @JsonProperty("event_type") String eventType,
        @JsonProperty("ip_src") String sourceIp,
        @JsonProperty("ip_dst") String destinationIp,
        @JsonProperty("port_src") Integer sourcePort,
        @JsonProperty("port_dst") Integer destinationPort,
        @JsonProperty("ip_proto") String protocol,
        @JsonProperty("bytes") Long bytes,
        @JsonProperty("packets") Long packets,
        @JsonProperty("timestamp_start") String timestampStart,
        @JsonProperty("timestamp_end") String timestampEnd,
        @JsonProperty("timestamp_arrival") String timestampArrival,
        @JsonProperty("peer_ip_src") String exporter) {}
