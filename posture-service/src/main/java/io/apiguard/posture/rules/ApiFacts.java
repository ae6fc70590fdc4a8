package io.apiguard.posture.rules;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.posture.traffic.TrafficStats;

/**
 * Everything a rule may look at for one API.
 *
 * @param api            the API as the inventory last announced it
 * @param traffic        its recent traffic aggregates ({@link TrafficStats#NONE} when none)
 * @param newerVersionOf the path of a live newer version of the same API ({@code /v2/...} beside {@code /v1/...}),
 *                       or null
 */
public record ApiFacts(ApiEndpoint api, TrafficStats traffic, String newerVersionOf) {}
