package io.apiguard.enforcement.rules;

import java.time.Instant;

import io.apiguard.common.events.EnforcementRule;

/**
 * A rule as stored: the rule itself and its state.
 *
 * @param rule      the rule
 * @param state     active, expired or deleted
 * @param updatedAt last change
 */
public record StoredRule(EnforcementRule rule, RuleState state, Instant updatedAt) {}
