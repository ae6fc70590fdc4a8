package io.apiguard.enforcement.policy;

import static io.apiguard.common.events.RecommendedActions.BLOCK_CREDENTIAL;
import static io.apiguard.common.events.RecommendedActions.BLOCK_IP;
import static io.apiguard.common.events.RecommendedActions.BLOCK_SUBJECT;
import static io.apiguard.common.events.RecommendedActions.MONITOR;
import static io.apiguard.common.events.RecommendedActions.RATE_LIMIT_API;
import static io.apiguard.common.events.RecommendedActions.RATE_LIMIT_CREDENTIAL;
import static io.apiguard.common.events.RecommendedActions.RATE_LIMIT_IP;
import static io.apiguard.common.events.RecommendedActions.RATE_LIMIT_SUBJECT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ActorKeys;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.events.Severity;
import io.apiguard.common.net.IpAddress;
import io.apiguard.common.net.IpRange;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleValidation;

/**
 * Turns a detection into rules, as a pure function of the detection, the clock and the configuration: which
 * detections qualify (type, severity, confidence, state), what the recommended action becomes (see {@link #ACTIONS}),
 * for how long, in which mode, and never against an allowlisted subject or address. Rule ids derive from the detection
 * and the target, so a detection republished as it grows updates its rules instead of adding new ones.
 *
 * <p>Only a detection's {@code subject} is ever blocked as a subject, and detection-service names only verified
 * subjects there: a caller apiguard could not verify has no subject, whatever its token claims, so its detection becomes
 * rules on its credential fingerprints ({@code match.credentialFingerprint}) or its client addresses
 * ({@code match.clientCidr}), and the subject it claimed, possibly an innocent one, is never blocked. Which target a
 * recommendation names, in order of preference: {@code *-subject} and {@code monitor} the subject, else the
 * fingerprints, else the addresses; {@code *-credential} the fingerprints, else the subject, else the addresses;
 * {@code *-ip} the addresses only. Thread-safe (immutable).
 */
@ApplicationScoped
public class Policy {

    /** Every recommendation ({@link RecommendedActions}) policy understands; any other makes no rule. */
    public static final List<String> ACTIONS = List.of(
            BLOCK_SUBJECT,
            BLOCK_CREDENTIAL,
            BLOCK_IP,
            RATE_LIMIT_SUBJECT,
            RATE_LIMIT_CREDENTIAL,
            RATE_LIMIT_IP,
            RATE_LIMIT_API,
            MONITOR);

    private static final int ID_PREFIX_LENGTH = 120;
    /** What a credential fingerprint looks like ({@code sha256:} and hex digits); anything else makes no rule. */
    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");

    /** What a rule is made on before the addresses, which come last. */
    private enum Target {
        SUBJECT,
        CREDENTIAL
    }

    private final PolicyConfig config;
    private final RuleMode mode;
    private final Map<String, RuleMode> namespaceModes;
    private final Set<String> allowSubjects;
    private final List<IpRange> allowCidrs;
    private final RuleSet.Allowlist allowlist;
    private final Severity minSeverity;
    /** The login operations a {@code rate-limit-api} rule is made on with the operation key: method, template. */
    private final List<String[]> apiRateLimitOperations;

    Policy(PolicyConfig config) {
        this.config = config;
        this.mode = mode(config.mode(), "mode");
        Map<String, RuleMode> modes = new LinkedHashMap<>();
        config.namespaceModes()
                .forEach((namespace, value) -> modes.put(namespace, mode(value, "namespace-modes." + namespace)));
        this.namespaceModes = Map.copyOf(modes);
        this.allowSubjects = Set.copyOf(config.allowlist().subjects().orElse(List.of()));
        this.allowCidrs = config.allowlist().cidrs().orElse(List.of()).stream()
                .map(IpRange::parse)
                .toList();
        this.allowlist = new RuleSet.Allowlist(
                config.allowlist().subjects().orElse(List.of()),
                config.allowlist().cidrs().orElse(List.of()),
                config.allowlist().pathPrefixes());
        this.minSeverity = severity(config.minSeverity());
        this.apiRateLimitOperations = apiRateLimitOperations(config.apiRateLimit());
    }

    /** The configured login operations, checked at startup: a bad one would make rules every sidecar refuses. */
    private static List<String[]> apiRateLimitOperations(PolicyConfig.ApiRateLimit config) {
        String at = "apiguard.enforcement.policy.api-rate-limit.";
        if (!config.key().shared()) {
            throw new IllegalArgumentException(at + "key must be operation or api (a bucket every caller shares), not "
                    + config.key().wire() + ": a per-caller bucket never slows an attack over rotating addresses");
        }
        if (config.ratePerSecond() <= 0 || config.ratePerSecond() > RuleValidation.MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException(
                    at + "rate-per-second must be 1 to " + RuleValidation.MAX_RATE_PER_SECOND);
        }
        if (config.key() != RateKey.OPERATION) {
            return List.of();
        }
        List<String[]> operations = new ArrayList<>();
        for (String operation : config.operations()) {
            String[] parts = operation.trim().split("\\s+");
            if (parts.length != 2
                    || !RuleValidation.isMethod(parts[0])
                    || RuleValidation.templateProblem(parts[1]) != null) {
                throw new IllegalArgumentException(at + "operations: METHOD template, e.g. POST /login: " + operation);
            }
            operations.add(parts);
        }
        return List.copyOf(operations);
    }

    /** The rules {@code detection} calls for at {@code now}; empty when it does not qualify. */
    public List<EnforcementRule> rulesFor(Detection detection, Instant now) {
        if (!qualifies(detection)) {
            return List.of();
        }
        String action = detection.recommendedAction() == null ? "" : detection.recommendedAction();
        return switch (action) {
            case BLOCK_SUBJECT -> rules(detection, RuleAction.BLOCK, now, Target.SUBJECT, Target.CREDENTIAL);
            case BLOCK_CREDENTIAL -> rules(detection, RuleAction.BLOCK, now, Target.CREDENTIAL, Target.SUBJECT);
            case BLOCK_IP -> byAddress(detection, RuleAction.BLOCK, now);
            case RATE_LIMIT_SUBJECT -> rules(detection, RuleAction.RATE_LIMIT, now, Target.SUBJECT, Target.CREDENTIAL);
            case RATE_LIMIT_CREDENTIAL ->
                rules(detection, RuleAction.RATE_LIMIT, now, Target.CREDENTIAL, Target.SUBJECT);
            case RATE_LIMIT_IP -> byAddress(detection, RuleAction.RATE_LIMIT, now);
            case RATE_LIMIT_API -> byApi(detection, now);
            case MONITOR -> rules(detection, RuleAction.MONITOR, now, Target.SUBJECT, Target.CREDENTIAL);
            default -> List.of();
        };
    }

    /**
     * The rules on the first of {@code first}, {@code second} and then the addresses that the detection names. A
     * detection about an allowlisted subject makes no rule on that subject nor on its credentials, and does not fall
     * back to its addresses: only an explicit {@code *-ip} recommendation blocks an address such a subject used.
     */
    private List<EnforcementRule> rules(
            Detection detection, RuleAction action, Instant now, Target first, Target second) {
        if (allowlistedSubject(subjectOf(detection))) {
            return List.of();
        }
        for (Target target : List.of(first, second)) {
            List<EnforcementRule> rules =
                    target == Target.SUBJECT ? bySubject(detection, action, now) : byCredential(detection, action, now);
            if (!rules.isEmpty()) {
                return rules;
            }
        }
        return byAddress(detection, action, now);
    }

    /**
     * The verified subject a detection is about, or null: none named, or an address or credential key written where
     * a subject belongs (an older detection-service named an address there).
     */
    static String subjectOf(Detection detection) {
        String subject = detection.subject();
        if (subject == null || subject.isBlank() || !ActorKeys.isSubject(subject)) {
            return null;
        }
        return subject;
    }

    /** Whether a detection passes the thresholds; closed and false-positive detections never make new rules. */
    public boolean qualifies(Detection detection) {
        if (!config.enabled()
                || detection.state() == DetectionState.FALSE_POSITIVE
                || detection.state() == DetectionState.CLOSED) {
            return false;
        }
        if (config.types().isPresent() && !config.types().get().contains(detection.type())) {
            return false;
        }
        return detection.severity().compareTo(minSeverity) >= 0 && detection.confidence() >= config.minConfidence();
    }

    /** True when no rule may ever block this subject. */
    public boolean allowlistedSubject(String subject) {
        return subject != null && allowSubjects.contains(subject);
    }

    /** True when no rule may ever block this address or block (a block overlapping an allowlisted one counts). */
    public boolean allowlistedAddress(String addressOrBlock) {
        if (addressOrBlock == null) {
            return false;
        }
        String address = addressOrBlock.contains("/")
                ? addressOrBlock.substring(0, addressOrBlock.indexOf('/'))
                : addressOrBlock;
        for (IpRange cidr : allowCidrs) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The allowlist every sidecar receives. */
    public RuleSet.Allowlist allowlist() {
        return allowlist;
    }

    /** Per-namespace modes every sidecar receives. */
    public Map<String, RuleMode> namespaceModes() {
        return namespaceModes;
    }

    /** The global mode of policy-made rules. */
    public RuleMode mode() {
        return mode;
    }

    /** The configuration, for {@code GET /api/v1/policy}. */
    public PolicyConfig config() {
        return config;
    }

    /** The rule on the verified subject the detection names, if any ({@link #rules} has refused allowlisted ones). */
    private List<EnforcementRule> bySubject(Detection detection, RuleAction action, Instant now) {
        String subject = subjectOf(detection);
        if (subject == null) {
            return List.of();
        }
        EnforcementRule.Match match = new EnforcementRule.Match(subject, null, null, null, null, null, null);
        return List.of(rule(detection, action, match, "s", subject, now));
    }

    /** A rule per credential the detection names, up to {@code max-fingerprints-per-detection}. */
    private List<EnforcementRule> byCredential(Detection detection, RuleAction action, Instant now) {
        List<EnforcementRule> rules = new ArrayList<>();
        for (String fingerprint : new LinkedHashSet<>(detection.credentialFingerprints())) {
            if (rules.size() >= config.maxFingerprintsPerDetection()) {
                break;
            }
            if (fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
                continue;
            }
            EnforcementRule.Match match = new EnforcementRule.Match(null, fingerprint, null, null, null, null, null);
            rules.add(rule(detection, action, match, "fp", fingerprint, now));
        }
        return rules;
    }

    /**
     * Rate-limit rules on each API the detection names, up to {@code max-addresses-per-detection} APIs, nobody blocked:
     * with {@code api-rate-limit.key=operation} one per configured login operation of the API, else one for the whole
     * API. Each holds one bucket that every caller shares at {@code api-rate-limit.rate-per-second}, since the attack
     * this answers comes from rotating addresses, each of which a per-caller bucket would let through with a full
     * bucket. (A detection names APIs, not operations, so the operations are the configured logins.)
     */
    private List<EnforcementRule> byApi(Detection detection, Instant now) {
        List<EnforcementRule> rules = new ArrayList<>();
        RateKey key = config.apiRateLimit().key();
        int apis = 0;
        for (String apiId : new LinkedHashSet<>(detection.apiIds())) {
            if (apis >= config.maxAddressesPerDetection()) {
                break;
            }
            if (apiId == null || apiId.isBlank()) {
                continue;
            }
            apis++;
            if (key == RateKey.API) {
                EnforcementRule.Match match = new EnforcementRule.Match(null, null, null, apiId, null, null, null);
                rules.add(sharedRateLimit(detection, match, "api", apiId, now));
                continue;
            }
            for (String[] operation : apiRateLimitOperations) {
                EnforcementRule.Match match =
                        new EnforcementRule.Match(null, null, null, apiId, operation[0], operation[1], null);
                rules.add(
                        sharedRateLimit(detection, match, "op", apiId + " " + operation[0] + " " + operation[1], now));
            }
        }
        return rules;
    }

    private EnforcementRule sharedRateLimit(
            Detection detection, EnforcementRule.Match match, String kind, String target, Instant now) {
        EnforcementRule perCaller = rule(detection, RuleAction.RATE_LIMIT, match, kind, target, now);
        return new EnforcementRule(
                perCaller.id(),
                match,
                RuleAction.RATE_LIMIT,
                config.apiRateLimit().ratePerSecond(),
                perCaller.reason(),
                perCaller.detectionId(),
                perCaller.createdBy(),
                perCaller.createdAt(),
                perCaller.expiresAt(),
                perCaller.mode(),
                config.apiRateLimit().key());
    }

    private List<EnforcementRule> byAddress(Detection detection, RuleAction action, Instant now) {
        List<EnforcementRule> rules = new ArrayList<>();
        for (String ip : new LinkedHashSet<>(detection.clientIps())) {
            if (rules.size() >= config.maxAddressesPerDetection()) {
                break;
            }
            if (allowlistedAddress(ip) || !isAddress(ip)) {
                continue;
            }
            EnforcementRule.Match match = new EnforcementRule.Match(null, null, ip, null, null, null, null);
            rules.add(rule(detection, action, match, "ip", ip, now));
        }
        return rules;
    }

    private EnforcementRule rule(
            Detection detection,
            RuleAction action,
            EnforcementRule.Match match,
            String kind,
            String target,
            Instant now) {
        String summary = detection.evidence().summary();
        String reason = detection.type() + " (" + detection.severity().wire() + ", confidence " + detection.confidence()
                + ")" + (summary == null ? "" : ": " + summary);
        return new EnforcementRule(
                ruleId(detection.id(), kind, target),
                match,
                action,
                action == RuleAction.RATE_LIMIT ? config.rateLimitPerSecond() : null,
                reason,
                detection.id(),
                RuleSet.POLICY,
                now,
                now.plus(config.defaultTtl()),
                mode);
    }

    /** {@code det-<detection id>-<kind>-<8 hex of the target>}, within the rule id alphabet and length. */
    static String ruleId(String detectionId, String kind, String target) {
        String safe = detectionId.replaceAll("[^A-Za-z0-9._:@=+-]", "_");
        if (safe.length() > ID_PREFIX_LENGTH) {
            safe = safe.substring(0, ID_PREFIX_LENGTH);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
            return "det-" + safe + "-" + kind + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static boolean isAddress(String ip) {
        return IpAddress.parseOrNull(ip) != null;
    }

    private static Severity severity(String value) {
        for (Severity severity : Severity.values()) {
            if (severity.wire().equals(value)) {
                return severity;
            }
        }
        throw new IllegalArgumentException("apiguard.enforcement.policy.min-severity: unknown severity " + value);
    }

    private static RuleMode mode(String value, String property) {
        for (RuleMode candidate : RuleMode.values()) {
            if (candidate.wire().equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                "apiguard.enforcement.policy." + property + " must be monitor or enforce: " + value);
    }
}
