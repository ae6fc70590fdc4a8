package io.apiguard.posture.rules;

import io.apiguard.posture.PostureConfig;

/**
 * The tunable figures of the traffic rules.
 *
 * @param minCalls                calls an API needs before share-based rules judge it
 * @param maxUnauthenticatedShare successful unauthenticated calls over successful calls that is still fine
 * @param maxSharedAccountShare   shared-account-only calls over authenticated calls that is still fine
 * @param maxServerErrorShare     5xx answers over calls that is still fine
 * @param minNumericIds           distinct numeric ids before their density is judged
 * @param sequentialIdDensity     density at or above which ids count as sequential
 */
public record RuleThresholds(
        long minCalls,
        double maxUnauthenticatedShare,
        double maxSharedAccountShare,
        double maxServerErrorShare,
        int minNumericIds,
        double sequentialIdDensity) {

    /** The shipped defaults (those of {@link PostureConfig.Traffic}). */
    public static RuleThresholds defaults() {
        return new RuleThresholds(20, 0.05, 0.5, 0.05, 10, 0.2);
    }

    /** The thresholds configured. */
    public static RuleThresholds of(PostureConfig.Traffic traffic) {
        return new RuleThresholds(
                traffic.minCalls(),
                traffic.maxUnauthenticatedShare(),
                traffic.maxSharedAccountShare(),
                traffic.maxServerErrorShare(),
                traffic.minNumericIds(),
                traffic.sequentialIdDensity());
    }
}
