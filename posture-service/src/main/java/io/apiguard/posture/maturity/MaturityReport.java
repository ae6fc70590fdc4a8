package io.apiguard.posture.maturity;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/maturity}: the organisation's level (the highest L with levels 1..L all holding) and, per level,
 * whether it holds, the criteria with the measured evidence, and the next step.
 *
 * @param level      0-5
 * @param summary    one line for operators
 * @param nextStep   what to do to reach the next level; null at level 5
 * @param assessedAt when
 * @param levels     levels 1 to 5
 */
public record MaturityReport(int level, String summary, String nextStep, Instant assessedAt, List<Level> levels) {

    /** The highest level there is. */
    public static final int MAX_LEVEL = 5;

    /**
     * One level.
     *
     * @param level    1-5
     * @param name     what the level is about
     * @param service  the service whose evidence decides it
     * @param holds    whether every criterion holds
     * @param reason   why it does not hold; null when it holds
     * @param nextStep what to do about it; null when it holds
     * @param criteria each criterion with its measurement
     * @param evidence the figures the service reported (its status's {@code evidence}), or why there are none
     * @param probeMillis how long asking the service took; 0 for posture's own level
     */
    public record Level(
            int level,
            String name,
            String service,
            boolean holds,
            String reason,
            String nextStep,
            List<Criterion> criteria,
            Object evidence,
            long probeMillis) {}

    /**
     * One criterion of a level.
     *
     * @param name      what is measured
     * @param holds     whether the measurement meets the threshold
     * @param measured  the measurement; null when it could not be measured
     * @param threshold what is needed, e.g. {@code >= 0.95}
     * @param detail    why it does not hold, or how it does
     * @param nextStep  what to do when it does not hold
     */
    public record Criterion(
            String name, boolean holds, Object measured, String threshold, String detail, String nextStep) {}
}
