package io.apiguard.enforcement.ruleset;

import java.time.Instant;
import java.util.Map;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetSignature;

/**
 * A rule set with its JSON, serialized once; the signature is made per send ({@link #headers}) because it carries the
 * time of sending, which bounds replays.
 *
 * @param ruleSet the set
 * @param body    its JSON document, exactly as sent
 */
public record SignedRuleSet(RuleSet ruleSet, byte[] body) {

    static SignedRuleSet of(RuleSet ruleSet) {
        return new SignedRuleSet(ruleSet, RuleSetDocument.write(ruleSet));
    }

    /** The two signature headers for sending {@link #body} at {@code now}. */
    public Map<String, String> headers(RuleSetSignature signature, Instant now) {
        long epochSecond = now.getEpochSecond();
        return Map.of(RuleSetSignature.TIMESTAMP_HEADER, Long.toString(epochSecond),
                RuleSetSignature.SIGNATURE_HEADER, signature.sign(epochSecond, body));
    }
}
