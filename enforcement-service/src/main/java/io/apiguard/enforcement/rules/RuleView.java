package io.apiguard.enforcement.rules;

import java.time.Instant;

import io.apiguard.common.events.EnforcementRule;

/**
 * A rule as the REST API shows it.
 *
 * @param rule      the rule, as distributed
 * @param state     active, expired or deleted
 * @param updatedAt its last change
 */
public record RuleView(EnforcementRule rule, RuleState state, Instant updatedAt) {

    static RuleView of(StoredRule stored) {
        return new RuleView(stored.rule(), stored.state(), stored.updatedAt());
    }
}
