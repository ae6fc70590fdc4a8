package io.apiguard.common.events;

/**
 * The bar enforcement's default policy sets a detection before it becomes a rule (the defaults of
 * {@code apiguard.enforcement.policy.min-severity} and {@code min-confidence}): one constant for enforcement's
 * configuration and for detection's calibration, which must put clear first-time attacks above it.
 */
public final class PolicyBar {

    /** The lowest severity that becomes a rule by default ({@link Severity#wire()}). */
    public static final String MIN_SEVERITY = "high";

    /** The lowest confidence (0..1) that becomes a rule by default. */
    public static final String MIN_CONFIDENCE = "0.8";

    private PolicyBar() {}
}
