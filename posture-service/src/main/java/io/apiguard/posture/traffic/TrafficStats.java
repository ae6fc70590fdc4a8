package io.apiguard.posture.traffic;

import java.util.Map;
import java.util.Set;

/**
 * What the calls of one API in the recent windows show: the facts the traffic rules judge. Immutable.
 *
 * @param calls                     calls observed
 * @param successful                calls answered below 400
 * @param successfulUnauthenticated successful calls without any credential
 * @param authenticated             calls with a credential
 * @param sharedAccountOnly         authenticated calls that name only a shared account, no individual
 * @param sharedAccounts            a sample of those shared accounts
 * @param queryCredentialCalls      calls that carried a credential or token in the query string
 * @param queryCredentialNames      the query parameters (or locations) it was found in
 * @param serverErrors              calls answered 5xx
 * @param sensitiveDataCalls        calls that carried sensitive data (card numbers, personal data parameters)
 * @param sensitiveIndicators       what showed it, e.g. {@code card-number:path}, {@code query:ssn}
 * @param numericIds                distinct numeric object ids seen (bounded sample)
 * @param minNumericId              the lowest of them
 * @param maxNumericId              the highest of them
 * @param responseDataClasses       data classes (wire values) the API's responses carried and were last seen within
 *                                  the two windows, each with its calls and when first and last seen
 */
public record TrafficStats(
        long calls,
        long successful,
        long successfulUnauthenticated,
        long authenticated,
        long sharedAccountOnly,
        Set<String> sharedAccounts,
        long queryCredentialCalls,
        Set<String> queryCredentialNames,
        long serverErrors,
        long sensitiveDataCalls,
        Set<String> sensitiveIndicators,
        int numericIds,
        long minNumericId,
        long maxNumericId,
        Map<String, DataClassSeen> responseDataClasses) {

    /** No calls at all. */
    public static final TrafficStats NONE =
            new TrafficStats(0, 0, 0, 0, 0, Set.of(), 0, Set.of(), 0, 0, Set.of(), 0, 0, 0);

    /** Traffic whose responses carried no data class (or were not inspected). */
    public TrafficStats(
            long calls,
            long successful,
            long successfulUnauthenticated,
            long authenticated,
            long sharedAccountOnly,
            Set<String> sharedAccounts,
            long queryCredentialCalls,
            Set<String> queryCredentialNames,
            long serverErrors,
            long sensitiveDataCalls,
            Set<String> sensitiveIndicators,
            int numericIds,
            long minNumericId,
            long maxNumericId) {
        this(
                calls,
                successful,
                successfulUnauthenticated,
                authenticated,
                sharedAccountOnly,
                sharedAccounts,
                queryCredentialCalls,
                queryCredentialNames,
                serverErrors,
                sensitiveDataCalls,
                sensitiveIndicators,
                numericIds,
                minNumericId,
                maxNumericId,
                Map.of());
    }

    public TrafficStats {
        responseDataClasses = responseDataClasses == null ? Map.of() : Map.copyOf(responseDataClasses);
        sharedAccounts = Set.copyOf(sharedAccounts);
        queryCredentialNames = Set.copyOf(queryCredentialNames);
        sensitiveIndicators = Set.copyOf(sensitiveIndicators);
    }

    /** Distinct numeric ids over the span they cover: 1 for a gap-free run, near 0 for ids scattered widely. */
    public double idDensity() {
        if (numericIds == 0) {
            return 0;
        }
        double span = (double) maxNumericId - minNumericId + 1;
        return span <= 0 ? 0 : Math.min(1.0, numericIds / span);
    }

    /** {@code part / whole}, 0 when {@code whole} is 0. */
    public static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
