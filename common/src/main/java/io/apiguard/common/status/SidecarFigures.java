package io.apiguard.common.status;

/**
 * A sidecar's in-line enforcement, under {@code evidence.sidecar} of its status. No maturity criterion reads it (Level 5
 * is judged from enforcement-service's {@link EnforcementFigures}, which knows every sidecar); operators and the
 * end-to-end tests do, to tell which rule set a sidecar really enforces.
 *
 * @param ruleSetVersion the version of the signed rule set in force; 0 before the first one arrives
 * @param ruleSetHash    the content hash of that rule set, as enforcement-service signed it
 * @param rulesActive    rules of that set that are compiled and evaluated on every call
 * @param enforcing      whether this sidecar blocks: enforcement on, in enforce mode, with a rule set from the control
 *                       plane
 * @param mode           the mode it declares: {@code enforce} only when it would block, else {@code monitor}
 */
public record SidecarFigures(
        long ruleSetVersion, String ruleSetHash, int rulesActive, boolean enforcing, String mode) {}
