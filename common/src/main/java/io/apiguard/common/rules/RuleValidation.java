package io.apiguard.common.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.identity.Cidr;

/**
 * What a rule must satisfy beyond its record's invariants before anyone enforces it: a parseable address block, a
 * known payload signature, an upper-case method, a template that is a path, bounded sizes. enforcement-service checks
 * it on operator input; the sidecar checks it again on every document it installs.
 */
public final class RuleValidation {

    /** Longest rule id; ids appear in URLs ({@code /api/v1/rules/{id}}) and in every blocked call's record. */
    public static final int MAX_ID_LENGTH = 200;
    /** Longest value of any other text field. */
    public static final int MAX_TEXT_LENGTH = 2_000;
    /** Highest rate a rate-limit rule may allow. */
    public static final int MAX_RATE_PER_SECOND = 1_000_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@=+-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private RuleValidation() {
    }

    /** Every problem of {@code rule}, empty when it may be enforced. */
    public static List<String> problems(EnforcementRule rule, Map<String, String> customSignatures) {
        List<String> problems = new ArrayList<>();
        if (rule.id().length() > MAX_ID_LENGTH || !ID.matcher(rule.id()).matches()) {
            problems.add("id must be 1 to " + MAX_ID_LENGTH + " of A-Z a-z 0-9 . _ : @ = + -");
        }
        EnforcementRule.Match match = rule.match();
        text(problems, "match.subject", match.subject());
        text(problems, "match.credentialFingerprint", match.credentialFingerprint());
        text(problems, "match.apiId", match.apiId());
        text(problems, "reason", rule.reason());
        text(problems, "createdBy", rule.createdBy());
        if (match.clientCidr() != null) {
            try {
                Cidr.parse(match.clientCidr());
            } catch (IllegalArgumentException e) {
                problems.add("match.clientCidr: " + e.getMessage());
            }
        }
        if (match.method() != null && !METHOD.matcher(match.method()).matches()) {
            problems.add("match.method must be an upper-case HTTP method, e.g. GET");
        }
        if (match.pathTemplate() != null && (!match.pathTemplate().startsWith("/")
                || match.pathTemplate().length() > MAX_TEXT_LENGTH)) {
            problems.add("match.pathTemplate must be a path starting with /");
        }
        if (match.payloadSignature() != null) {
            try {
                PayloadSignatures.compile(match.payloadSignature(), customSignatures);
            } catch (IllegalArgumentException e) {
                problems.add("match.payloadSignature: " + e.getMessage());
            }
        }
        if (rule.ratePerSecond() != null && rule.ratePerSecond() > MAX_RATE_PER_SECOND) {
            problems.add("ratePerSecond must be at most " + MAX_RATE_PER_SECOND);
        }
        return problems;
    }

    /** Problems of an allowlist: every block must parse. */
    public static List<String> problems(RuleSet.Allowlist allowlist) {
        List<String> problems = new ArrayList<>();
        for (String cidr : allowlist.cidrs()) {
            try {
                Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                problems.add("allowlist.cidrs: " + e.getMessage());
            }
        }
        for (String prefix : allowlist.pathPrefixes()) {
            if (!prefix.startsWith("/")) {
                problems.add("allowlist.pathPrefixes: '" + prefix + "' must start with /");
            }
        }
        return problems;
    }

    private static void text(List<String> problems, String name, String value) {
        if (value != null && (value.isBlank() || value.length() > MAX_TEXT_LENGTH)) {
            problems.add(name + " must be 1 to " + MAX_TEXT_LENGTH + " characters when set");
        }
    }
}
