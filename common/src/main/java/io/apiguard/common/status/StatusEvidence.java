package io.apiguard.common.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code evidence} of a status document as a reader sees it: one component per contributor name, each the record
 * that contributor writes. An app fills only its own entries; the others are null (and left out on write). An entry
 * that is present parses into its record or fails the whole document: see the package documentation.
 *
 * @param discovery   discovery-service's Level 1 evidence
 * @param logging     logging-service's Level 2 evidence
 * @param posture     posture-service's Level 3 evidence
 * @param detection   detection-service's Level 4 evidence
 * @param enforcement enforcement-service's Level 5 evidence
 * @param leadership  the leader election of apps that run one
 * @param sidecar     a sidecar's in-line enforcement (sidecars report no maturity level of their own)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvidence(
        DiscoveryFigures discovery,
        LoggingFigures logging,
        PostureFigures posture,
        DetectionFigures detection,
        EnforcementFigures enforcement,
        LeadershipFigures leadership,
        SidecarFigures sidecar) {}
