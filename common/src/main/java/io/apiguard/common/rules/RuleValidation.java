package io.apiguard.common.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.net.IpRange;

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
    /** Most templates (declared and learned together) one route may carry. */
    public static final int MAX_ROUTE_TEMPLATES = 1_000;
    /** Longest host name (DNS). */
    public static final int MAX_HOST_LENGTH = 253;

    /**
     * The match fields a sidecar evaluates: the components of {@link EnforcementRule.Match}, taken from the record so
     * they cannot drift apart. Anything else in a rule's {@code match} is refused: read leniently it would be dropped,
     * and the rule would match more calls than its author meant.
     */
    public static final Set<String> EVALUATED_MATCH_FIELDS = Arrays.stream(
                    EnforcementRule.Match.class.getRecordComponents())
            .map(component -> component.getName())
            .collect(Collectors.toUnmodifiableSet());

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@=+-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private RuleValidation() {}

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
                IpRange.parse(match.clientCidr());
            } catch (IllegalArgumentException e) {
                problems.add("match.clientCidr: " + e.getMessage());
            }
        }
        if (match.method() != null && !METHOD.matcher(match.method()).matches()) {
            problems.add("match.method must be an upper-case HTTP method, e.g. GET");
        }
        if (match.pathTemplate() != null) {
            String problem = templateProblem(match.pathTemplate());
            if (problem != null) {
                problems.add("match.pathTemplate " + problem);
            }
        }
        if (match.payloadSignature() != null) {
            try {
                PayloadSignatures.compile(match.payloadSignature(), customSignatures);
            } catch (IllegalArgumentException e) {
                problems.add("match.payloadSignature: " + e.getMessage());
            }
        }
        if (rule.rateKey() == RateKey.OPERATION && match.pathTemplate() == null) {
            // without a template the "operation" would be whatever path each call takes: one bucket per path
            problems.add("rateKey operation needs match.pathTemplate: the operation whose callers share a bucket");
        }
        if (rule.ratePerSecond() != null && rule.ratePerSecond() > MAX_RATE_PER_SECOND) {
            problems.add("ratePerSecond must be at most " + MAX_RATE_PER_SECOND);
        }
        return problems;
    }

    /**
     * Problems of the field names of a rule's {@code match}: one per name a sidecar does not evaluate (named as
     * {@code match.<name>}), empty when every name is one of {@link #EVALUATED_MATCH_FIELDS}.
     */
    public static List<String> unevaluatedMatchFields(Iterable<String> names) {
        Set<String> unknown = new TreeSet<>();
        for (String name : names) {
            if (!EVALUATED_MATCH_FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        List<String> problems = new ArrayList<>(unknown.size());
        for (String name : unknown) {
            problems.add("match." + (name.length() > 100 ? name.substring(0, 100) + "..." : name)
                    + " is not a field sidecars evaluate (they evaluate " + new TreeSet<>(EVALUATED_MATCH_FIELDS)
                    + ")");
        }
        return problems;
    }

    /** Problems of one route of the route table, each prefixed with {@code routes[index]}. */
    public static List<String> problems(RuleSet.Route route, int index) {
        List<String> problems = new ArrayList<>();
        String at = "routes[" + index + "].";
        if (route.apiId() == null || route.apiId().isBlank() || route.apiId().length() > MAX_TEXT_LENGTH) {
            problems.add(at + "apiId must be 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        if (route.host() == null || route.host().isBlank() || route.host().length() > MAX_HOST_LENGTH) {
            problems.add(at + "host must be 1 to " + MAX_HOST_LENGTH + " characters (* for any host)");
        }
        if (route.path() == null
                || !route.path().startsWith("/")
                || route.path().length() > MAX_TEXT_LENGTH) {
            problems.add(at + "path must be a path starting with /");
        }
        if (route.declared().size() + route.learned().size() > MAX_ROUTE_TEMPLATES) {
            problems.add(at + "at most " + MAX_ROUTE_TEMPLATES + " templates per route");
        }
        templates(problems, at + "declared", route.declared());
        templates(problems, at + "learned", route.learned());
        return problems;
    }

    /** Whether {@code method} is an upper-case HTTP method as rules and routes name them. */
    public static boolean isMethod(String method) {
        return method != null && METHOD.matcher(method).matches();
    }

    private static void templates(List<String> problems, String at, List<RuleSet.RouteTemplate> templates) {
        for (int i = 0; i < templates.size(); i++) {
            RuleSet.RouteTemplate template = templates.get(i);
            if (template == null) {
                problems.add(at + "[" + i + "] must be an object");
                continue;
            }
            if (template.method() != null && !METHOD.matcher(template.method()).matches()) {
                problems.add(at + "[" + i + "].method must be an upper-case HTTP method, or absent for any");
            }
            String problem = template.template() == null ? "must be set" : templateProblem(template.template());
            if (problem != null) {
                problems.add(at + "[" + i + "].template " + problem);
            }
        }
    }

    /**
     * What keeps {@code template} from being matched against request paths, or null when it can be: a path starting
     * with {@code /}, no query or fragment, each {@code {name}} a whole segment.
     */
    public static String templateProblem(String template) {
        if (!template.startsWith("/") || template.length() > MAX_TEXT_LENGTH) {
            return "must be a path starting with / (at most " + MAX_TEXT_LENGTH + " characters)";
        }
        if (template.indexOf('?') >= 0 || template.indexOf('#') >= 0) {
            return "must not hold a query or fragment: calls are matched on their path";
        }
        int segmentStart = 1;
        for (int i = 1; i <= template.length(); i++) {
            if (i == template.length() || template.charAt(i) == '/') {
                String segment = template.substring(segmentStart, i);
                int open = segment.indexOf('{');
                int close = segment.indexOf('}');
                if (open >= 0 || close >= 0) {
                    boolean whole = open == 0
                            && close == segment.length() - 1
                            && segment.length() > 2
                            && segment.indexOf('{', 1) < 0
                            && segment.indexOf('}') == close;
                    if (!whole) {
                        return "must have each {name} as a whole segment, e.g. /accounts/{accountId}";
                    }
                }
                segmentStart = i + 1;
            }
        }
        return null;
    }

    /** Problems of an allowlist: every block must parse. */
    public static List<String> problems(RuleSet.Allowlist allowlist) {
        List<String> problems = new ArrayList<>();
        for (String cidr : allowlist.cidrs()) {
            try {
                IpRange.parse(cidr);
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
