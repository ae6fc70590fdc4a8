package io.apiguard.enforcement.ruleset;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;

/**
 * The current rule set with its JSON document, serialized once. It is signed per send and per sidecar
 * ({@link RuleSetSigning#signFor}), because the signature names the sidecar and the time of sending.
 *
 * @param ruleSet  the set
 * @param document its JSON document, exactly as signed
 */
public record SignedRuleSet(RuleSet ruleSet, byte[] document) {

    static SignedRuleSet of(RuleSet ruleSet) {
        return new SignedRuleSet(ruleSet, RuleSetDocument.write(ruleSet));
    }
}
