package io.apiguard.enforcement.ruleset;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;

/**
 * The current rule set with its JSON document, serialized and read back once. It is signed per send and per sidecar
 * ({@link RuleSetSigning#signFor}), because the signature names the sidecar and the time of sending; the document is
 * the same for all of them.
 *
 * @param ruleSet  the set
 * @param document its JSON document, exactly as signed; never modified
 */
public record SignedRuleSet(RuleSet ruleSet, JsonNode document) {

    static SignedRuleSet of(RuleSet ruleSet) {
        return new SignedRuleSet(ruleSet, RuleSetDocument.tree(ruleSet));
    }
}
