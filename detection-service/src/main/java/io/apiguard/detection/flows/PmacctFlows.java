package io.apiguard.detection.flows;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.apiguard.common.events.NetworkFlow;

/**
 * Maps pmacct records to {@link NetworkFlow}s. NetFlow and IPFIX records are unidirectional: the bytes of a record are
 * the source's, the reply is a record of its own, so {@code bytesReceived} is 0. Purge markers are not flows and map
 * to nothing. Stateless.
 */
public final class PmacctFlows {

    /** Event types of pmacct's purge markers ({@code kafka_markers: true}): the bounds of a purge, not flows. */
    static final Set<String> MARKERS = Set.of("purge_init", "purge_close");

    /** Event types that carry a flow: a cache purge's records; absent in hand-made or older records. */
    static final Set<String> FLOW_EVENTS = Set.of("purge");

    private PmacctFlows() {}

    /**
     * The flow of {@code record}, or empty for a purge marker.
     *
     * @throws InvalidFlowException when it is neither (no addresses, a bad port, an end before its start, ...)
     */
    public static Optional<NetworkFlow> toFlow(PmacctFlowRecord record, Instant now) {
        if (record == null) {
            throw new InvalidFlowException("a pmacct record must be a JSON object, not null");
        }
        if (record.eventType() != null && MARKERS.contains(record.eventType())) {
            return Optional.empty();
        }
        if (record.eventType() != null && !FLOW_EVENTS.contains(record.eventType())) {
            throw new InvalidFlowException(
                    "event_type '" + FlowFields.abbreviated(record.eventType()) + "' is not a flow (purge)");
        }
        String source = FlowFields.address(record.sourceIp(), "ip_src");
        String destination = FlowFields.address(record.destinationIp(), "ip_dst");
        Instant start = FlowFields.timestamp(record.timestampStart(), "timestamp_start", now);
        if (start == null) {
            start = FlowFields.timestamp(record.timestampArrival(), "timestamp_arrival", now);
        }
        Instant end = FlowFields.timestamp(record.timestampEnd(), "timestamp_end", now);
        FlowFields.ordered(start, end);
        return Optional.of(new NetworkFlow(
                source,
                FlowFields.port(record.sourcePort(), "port_src"),
                destination,
                FlowFields.port(record.destinationPort(), "port_dst"),
                FlowFields.protocol(record.protocol()),
                FlowFields.count(record.bytes(), "bytes"),
                0,
                start,
                end,
                FlowFields.count(record.packets(), "packets"),
                NetworkFlow.PMACCT,
                null,
                null));
    }
}
