package io.apiguard.posture.traffic;

import java.time.Instant;

/**
 * How an API has returned one data class ({@link io.apiguard.common.inspect.DataClass}, by wire value) in its
 * responses: how many calls carried it, and when first and last. Immutable.
 *
 * @param calls     calls whose response carried it, since first seen
 * @param firstSeen when the first such call was counted
 * @param lastSeen  when the latest one was
 */
public record DataClassSeen(long calls, Instant firstSeen, Instant lastSeen) {

    /** One more call carrying the class at {@code now}. */
    DataClassSeen plusCall(Instant now) {
        return new DataClassSeen(calls + 1, firstSeen, now.isAfter(lastSeen) ? now : lastSeen);
    }
}
