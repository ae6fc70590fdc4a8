package io.apiguard.detection.detectors;

import java.util.List;

/**
 * How sure a detector is, from its evidence rather than from which rule fired: a prior for the kind of signal (what
 * the thresholds alone say), raised towards 0.99 by each piece of evidence in proportion to its strength (0: at the
 * threshold, approaching 1: far past it, fully distinct, fully failed). Each piece closes a share of the remaining
 * doubt, so no single one reaches certainty and the order does not matter. Rounded to two decimals so that policy's
 * {@code min-confidence} compares what operators read. The calibration is stated in the README.
 */
final class Confidence {

    /** Each piece of evidence at full strength closes this share of the remaining doubt. */
    static final double WEIGHT = 0.4;

    private Confidence() {}

    /** {@code prior} raised by every strength in {@code evidence} (each clamped to 0..1). */
    static double calibrated(double prior, List<Double> evidence) {
        double doubt = 1 - prior;
        for (double strength : evidence) {
            doubt *= 1 - WEIGHT * Math.min(1, Math.max(0, strength));
        }
        return Math.min(0.99, Math.round((1 - doubt) * 100) / 100.0);
    }

    /** How far {@code measured} is past {@code threshold}: 0 at it, 0.5 at twice it, 0.75 at four times. */
    static double past(double measured, double threshold) {
        if (threshold <= 0 || measured <= threshold) {
            return 0;
        }
        return 1 - threshold / measured;
    }
}
