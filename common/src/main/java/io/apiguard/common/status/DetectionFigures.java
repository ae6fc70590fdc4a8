package io.apiguard.common.status;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * detection-service's Level 4 evidence, under {@code evidence.detection}.
 *
 * @param consumerLagSeconds     how far behind the call stream detection is: 0 when the consumers have no record
 *                               left to read, else the age of the newest record consumed; Level 4 criterion "consumer
 *                               lag in seconds"
 * @param consumerLagRecords     the largest Kafka {@code records-lag} of the call-stream consumers; -1 before Kafka
 *                               has a figure
 * @param detectorsEnabled       detectors that run; with {@code detectorsTotal}, Level 4 criterion "share of detectors
 *                               enabled"
 * @param detectorsTotal         detectors defined
 * @param eventsPerSecond        calls processed per second
 * @param callsProcessed         calls processed since start
 * @param callsFailed            calls whose processing failed
 * @param detectionsPublished    detections published since start
 * @param partitionsAssigned     the call-stream partitions this replica reads, ascending
 * @param openIncidents          incidents open in this replica's pipelines
 * @param allowlistEntries       entries of the detection allowlist
 * @param egressWatchedAddresses addresses the egress correlation watches
 */
public record DetectionFigures(
        @JsonProperty(required = true) double consumerLagSeconds,
        long consumerLagRecords,
        @JsonProperty(required = true) long detectorsEnabled,
        @JsonProperty(required = true) long detectorsTotal,
        double eventsPerSecond,
        long callsProcessed,
        long callsFailed,
        long detectionsPublished,
        List<Integer> partitionsAssigned,
        long openIncidents,
        long allowlistEntries,
        long egressWatchedAddresses) {

    public DetectionFigures {
        partitionsAssigned = partitionsAssigned == null ? List.of() : List.copyOf(partitionsAssigned);
    }
}
