package io.apiguard.posture.rules;

import java.util.Map;

/**
 * A rule's verdict that an API breaks it.
 *
 * @param detail   what was found, with the figures, for operators
 * @param evidence the facts the rule saw
 */
public record Violation(String detail, Map<String, String> evidence) {

    public Violation {
        evidence = Map.copyOf(evidence);
    }
}
