package io.apiguard.common.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * logging-service's Level 2 evidence, under {@code evidence.logging}. Shares are 0 when nothing was measured: Level 2
 * must not hold on an empty trail.
 *
 * @param ingestRatePerSecond     calls stored per second, averaged over the last minute
 * @param callsLastHour           calls stored in the last hour
 * @param individualCallsLastHour of those, calls whose caller is a person (not a shared account, not nobody)
 * @param individualIdentityShare {@code individualCallsLastHour / callsLastHour}; Level 2 criterion "share of logged
 *                                calls with an individual identity"
 * @param apisLive                inventoried APIs that are not zombies
 * @param apisReportingLastHour   of those, APIs that sent calls in the last hour
 * @param apisReportingShare      {@code apisReportingLastHour / apisLive}; Level 2 criterion "share of active APIs
 *                                sending call logs"
 */
public record LoggingFigures(
        double ingestRatePerSecond,
        long callsLastHour,
        long individualCallsLastHour,
        @JsonProperty(required = true) double individualIdentityShare,
        long apisLive,
        long apisReportingLastHour,
        @JsonProperty(required = true) double apisReportingShare) {}
