package io.apiguard.common.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * enforcement-service's Level 5 evidence, under {@code evidence.enforcement}. A sidecar is live when it made contact
 * within the configured staleness; it covers the APIs whose backend Service and namespace it declared.
 *
 * @param ruleSetVersion           the version of the rule set in force
 * @param rulesActive              rules in state {@code active}
 * @param sidecarsKnown            sidecars that ever registered
 * @param sidecarsLive             of those, sidecars live now
 * @param sidecarsEnforcing        live sidecars in enforce mode; Level 5 criterion "enforcing sidecars"
 * @param sidecarsCurrentShare     share of live sidecars that acknowledged {@code ruleSetVersion}, 0 without a live
 *                                 sidecar; Level 5 criterion "share of sidecars on the current rule-set version"
 * @param externalApis             externally exposed APIs
 * @param externalApisCovered      of those, APIs fronted by a live sidecar in enforce mode
 * @param externalApisCoveredShare {@code externalApisCovered / externalApis}, 1 without an external API; Level 5
 *                                 criterion "share of external APIs with an enforcing sidecar"
 */
public record EnforcementFigures(
        long ruleSetVersion,
        long rulesActive,
        long sidecarsKnown,
        long sidecarsLive,
        @JsonProperty(required = true) long sidecarsEnforcing,
        @JsonProperty(required = true) double sidecarsCurrentShare,
        long externalApis,
        long externalApisCovered,
        @JsonProperty(required = true) double externalApisCoveredShare) {}
