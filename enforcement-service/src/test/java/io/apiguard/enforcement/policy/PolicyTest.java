package io.apiguard.enforcement.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.events.Severity;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleValidation;
import io.apiguard.enforcement.EnforcementFixture;

/** The policy as the pure function it is: detections in, rules out. */
class PolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String FP = "sha256:feedfacefeedface";
    private static final String OTHER_FP = "sha256:0123456789abcdef";

    /** The configuration a test changes one setting of: {@link #defaults} is a new one each time. */
    static final class Config implements PolicyConfig {

        private boolean enabled = true;
        private String mode = "enforce";
        private Map<String, String> namespaceModes = Map.of();
        private Optional<Set<String>> types = Optional.empty();
        private String minSeverity = "high";
        private PolicyConfig.Allowlist allowlist = new Allow(
                Optional.of(List.of("svc-backup")), Optional.of(List.of("10.99.0.0/16")), List.of("/q/health"));

        private PolicyConfig.ApiRateLimit apiRateLimit =
                new ApiLimit(50, RateKey.OPERATION, List.of("POST /login", "POST /oauth/token"));

        static Config defaults() {
            return new Config();
        }

        Config withTypes(String... types) {
            this.types = Optional.of(Set.of(types));
            return this;
        }

        Config disabled() {
            this.enabled = false;
            return this;
        }

        Config withSeverity(String minSeverity) {
            this.minSeverity = minSeverity;
            return this;
        }

        Config withNamespaceModes(Map<String, String> namespaceModes) {
            this.namespaceModes = namespaceModes;
            return this;
        }

        Config withAllowlist(PolicyConfig.Allowlist allowlist) {
            this.allowlist = allowlist;
            return this;
        }

        Config withApiRateLimit(PolicyConfig.ApiRateLimit apiRateLimit) {
            this.apiRateLimit = apiRateLimit;
            return this;
        }

        Config withMode(String mode) {
            this.mode = mode;
            return this;
        }

        @Override
        public boolean enabled() {
            return enabled;
        }

        @Override
        public String mode() {
            return mode;
        }

        @Override
        public Map<String, String> namespaceModes() {
            return namespaceModes;
        }

        @Override
        public Optional<Set<String>> types() {
            return types;
        }

        @Override
        public String minSeverity() {
            return minSeverity;
        }

        @Override
        public double minConfidence() {
            return 0.8;
        }

        @Override
        public Duration defaultTtl() {
            return Duration.ofHours(1);
        }

        @Override
        public int rateLimitPerSecond() {
            return 10;
        }

        @Override
        public PolicyConfig.ApiRateLimit apiRateLimit() {
            return apiRateLimit;
        }

        @Override
        public int maxAddressesPerDetection() {
            return 3;
        }

        @Override
        public int maxFingerprintsPerDetection() {
            return 2;
        }

        @Override
        public PolicyConfig.Allowlist allowlist() {
            return allowlist;
        }
    }

    record ApiLimit(int ratePerSecond, RateKey key, List<String> operations) implements PolicyConfig.ApiRateLimit {}

    record Allow(Optional<List<String>> subjects, Optional<List<String>> cidrs, List<String> pathPrefixes)
            implements PolicyConfig.Allowlist {}

    private final Policy policy = new Policy(Config.defaults());

    private static Detection detection(String subject, List<String> ips, List<String> fingerprints, String action) {
        return EnforcementFixture.detection(
                "det-1", subject, ips, fingerprints, action, Severity.HIGH, 0.9, DetectionState.OPEN, NOW);
    }

    private static List<EnforcementRule.Match> matches(List<EnforcementRule> rules) {
        return rules.stream().map(EnforcementRule::match).toList();
    }

    @Test
    void aVerifiedSubjectsDetectionBlocksThatSubjectAsToday() {
        // When
        List<EnforcementRule> rules =
                policy.rulesFor(detection("mallory", List.of("203.0.113.9"), List.of(FP), "block-subject"), NOW);

        // Then
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.match())
                    .isEqualTo(new EnforcementRule.Match("mallory", null, null, null, null, null, null));
            assertThat(rule.action()).isEqualTo(RuleAction.BLOCK);
            assertThat(rule.mode()).isEqualTo(RuleMode.ENFORCE);
            assertThat(rule.createdBy()).isEqualTo(RuleSet.POLICY);
            assertThat(rule.detectionId()).isEqualTo("det-1");
            assertThat(rule.createdAt()).isEqualTo(NOW);
            assertThat(rule.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
            assertThat(rule.reason()).startsWith("object-enumeration (high, confidence 0.9)");
            assertThat(RuleValidation.problems(rule, Map.of())).isEmpty();
        });
    }

    @Test
    void anUnverifiedCallersDetectionBlocksItsCredentialAndNamesNoSubject() {
        // When a detection of a credential apiguard could not verify recommends blocking it
        List<EnforcementRule> rules = policy.rulesFor(
                detection(null, List.of("198.51.100.1", "198.51.100.2"), List.of(FP), "block-credential"), NOW);

        // Then the credential is blocked, wherever it comes from, and nobody is blocked as a subject
        assertThat(matches(rules)).containsExactly(new EnforcementRule.Match(null, FP, null, null, null, null, null));
        assertThat(rules.get(0).action()).isEqualTo(RuleAction.BLOCK);
        assertThat(rules.get(0).id()).contains("-fp-");
        assertThat(RuleValidation.problems(rules.get(0), Map.of())).isEmpty();
    }

    @Test
    void anAddressRecommendationBlocksTheAddressesOnlyEvenWithCredentialsNamed() {
        // When a rotating attacker's address is detected, with the one-call credentials it used
        List<EnforcementRule> rules =
                policy.rulesFor(detection(null, List.of("203.0.113.50"), List.of(FP, OTHER_FP), "block-ip"), NOW);

        // Then
        assertThat(matches(rules))
                .containsExactly(new EnforcementRule.Match(null, null, "203.0.113.50", null, null, null, null));
    }

    @Test
    void aSubjectRecommendationWithoutASubjectFallsBackToTheCredentialsThenTheAddresses() {
        assertThat(matches(policy.rulesFor(detection(null, List.of("203.0.113.7"), List.of(FP), "block-subject"), NOW)))
                .containsExactly(new EnforcementRule.Match(null, FP, null, null, null, null, null));
        assertThat(matches(policy.rulesFor(detection(null, List.of("203.0.113.7"), List.of(), "block-subject"), NOW)))
                .containsExactly(new EnforcementRule.Match(null, null, "203.0.113.7", null, null, null, null));
    }

    @Test
    void aCredentialRecommendationWithoutAFingerprintFallsBackToTheSubjectThenTheAddresses() {
        assertThat(matches(policy.rulesFor(
                        detection("mallory", List.of("203.0.113.7"), List.of(), "block-credential"), NOW)))
                .containsExactly(new EnforcementRule.Match("mallory", null, null, null, null, null, null));
        assertThat(matches(
                        policy.rulesFor(detection(null, List.of("203.0.113.7"), List.of(), "block-credential"), NOW)))
                .containsExactly(new EnforcementRule.Match(null, null, "203.0.113.7", null, null, null, null));
    }

    @Test
    void rateLimitAndMonitorRecommendationsOfACredentialBecomeCredentialRules() {
        List<EnforcementRule> limit =
                policy.rulesFor(detection(null, List.of("198.51.100.1"), List.of(FP), "rate-limit-credential"), NOW);
        List<EnforcementRule> monitor =
                policy.rulesFor(detection(null, List.of("198.51.100.1"), List.of(FP), "monitor"), NOW);
        List<EnforcementRule> byAddress =
                policy.rulesFor(detection(null, List.of("198.51.100.1"), List.of(FP), "rate-limit-ip"), NOW);

        assertThat(limit).singleElement().satisfies(rule -> {
            assertThat(rule.match().credentialFingerprint()).isEqualTo(FP);
            assertThat(rule.action()).isEqualTo(RuleAction.RATE_LIMIT);
            assertThat(rule.ratePerSecond()).isEqualTo(10);
        });
        assertThat(monitor).singleElement().satisfies(rule -> {
            assertThat(rule.match().credentialFingerprint()).isEqualTo(FP);
            assertThat(rule.action()).isEqualTo(RuleAction.MONITOR);
            assertThat(rule.ratePerSecond()).isNull();
        });
        assertThat(byAddress).singleElement().satisfies(rule -> {
            assertThat(rule.match().clientCidr()).isEqualTo("198.51.100.1");
            assertThat(rule.action()).isEqualTo(RuleAction.RATE_LIMIT);
        });
    }

    @Test
    void noRecommendationEverBlocksASubjectADetectionDoesNotName() {
        // Given detections of unverified callers, one per recommendation, whose summaries name the victims they claimed
        for (String action : Policy.ACTIONS) {
            Detection claimed = new Detection(
                    "det-claim-" + action,
                    "object-enumeration",
                    Severity.CRITICAL,
                    0.99,
                    null,
                    List.of("203.0.113.50"),
                    List.of("api-accounts"),
                    NOW.minusSeconds(60),
                    NOW,
                    new Detection.Evidence(List.of(), Map.of(), "tokens claiming alice, bob and svc-backup"),
                    "API1:2023",
                    action,
                    DetectionState.OPEN,
                    NOW,
                    List.of(FP));

            // When
            List<EnforcementRule> rules = policy.rulesFor(claimed, NOW);

            // Then
            assertThat(rules)
                    .as(action)
                    .isNotEmpty()
                    .allSatisfy(rule ->
                            assertThat(rule.match().subject()).as(action).isNull());
        }
    }

    @Test
    void anAddressOrCredentialKeyWhereTheSubjectBelongsIsNotASubject() {
        assertThat(matches(policy.rulesFor(
                        detection("ip:203.0.113.8", List.of("203.0.113.8"), List.of(), "block-subject"), NOW)))
                .containsExactly(new EnforcementRule.Match(null, null, "203.0.113.8", null, null, null, null));
        assertThat(matches(policy.rulesFor(
                        detection("fp:" + FP, List.of("203.0.113.8"), List.of(FP), "block-subject"), NOW)))
                .containsExactly(new EnforcementRule.Match(null, FP, null, null, null, null, null));
        assertThat(matches(policy.rulesFor(detection(" ", List.of("203.0.113.8"), List.of(), "monitor"), NOW)))
                .containsExactly(new EnforcementRule.Match(null, null, "203.0.113.8", null, null, null, null));
    }

    @Test
    void aRateLimitOnAnApiHoldsEveryCallerOfThatApiAndBlocksNobody() {
        // Given a login failure surge over rotating addresses, on one login API
        Detection surge = new Detection(
                "det-surge",
                "login-failure-surge",
                Severity.HIGH,
                0.85,
                null,
                List.of("10.60.0.1", "10.60.0.2"),
                List.of("api-login", " "),
                NOW.minusSeconds(60),
                NOW,
                new Detection.Evidence(List.of(), Map.of(), "290 of 300 logins failed"),
                "API2:2023",
                "rate-limit-api",
                DetectionState.OPEN,
                NOW,
                List.of());

        // When
        List<EnforcementRule> rules = policy.rulesFor(surge, NOW);

        // Then one rate limit per login operation of the API, each a bucket every caller shares; none on its
        // addresses (they rotate), a blank API id skipped
        assertThat(rules).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.action()).isEqualTo(RuleAction.RATE_LIMIT);
            assertThat(rule.ratePerSecond()).isEqualTo(50);
            assertThat(rule.rateKey()).isEqualTo(RateKey.OPERATION);
            assertThat(rule.match().clientCidr()).isNull();
            assertThat(RuleValidation.problems(rule, Map.of())).isEmpty();
        });
        assertThat(rules)
                .extracting(EnforcementRule::match)
                .containsExactly(
                        new EnforcementRule.Match(null, null, null, "api-login", "POST", "/login", null),
                        new EnforcementRule.Match(null, null, null, "api-login", "POST", "/oauth/token", null));
        assertThat(rules).extracting(EnforcementRule::id).doesNotHaveDuplicates();
        // the same detection again makes the same rules, so a growing detection updates them
        assertThat(policy.rulesFor(surge, NOW))
                .extracting(EnforcementRule::id)
                .containsExactlyElementsOf(
                        rules.stream().map(EnforcementRule::id).toList());
    }

    @Test
    void aRateLimitOnAnApiKeyedByApiIsOneSharedBucketForTheWholeApi() {
        // Given
        Policy perApi = new Policy(Config.defaults().withApiRateLimit(new ApiLimit(30, RateKey.API, List.of())));

        // When
        List<EnforcementRule> rules = perApi.rulesFor(surge(), NOW);

        // Then
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.match())
                    .isEqualTo(new EnforcementRule.Match(null, null, null, "api-login", null, null, null));
            assertThat(rule.rateKey()).isEqualTo(RateKey.API);
            assertThat(rule.ratePerSecond()).isEqualTo(30);
        });
    }

    @Test
    void anApiRateLimitPerCallerOrABadLoginOperationIsRefusedAtStartup() {
        assertThatThrownBy(() ->
                        new Policy(Config.defaults().withApiRateLimit(new ApiLimit(30, RateKey.CALLER, List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api-rate-limit.key must be operation or api");
        assertThatThrownBy(() -> new Policy(
                        Config.defaults().withApiRateLimit(new ApiLimit(30, RateKey.OPERATION, List.of("/login")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api-rate-limit.operations");
        assertThatThrownBy(() -> new Policy(
                        Config.defaults().withApiRateLimit(new ApiLimit(0, RateKey.OPERATION, List.of("POST /login")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api-rate-limit.rate-per-second");
    }

    private static Detection surge() {
        return new Detection(
                "det-surge",
                "login-failure-surge",
                Severity.HIGH,
                0.85,
                null,
                List.of("10.60.0.1", "10.60.0.2"),
                List.of("api-login"),
                NOW.minusSeconds(60),
                NOW,
                new Detection.Evidence(List.of(), Map.of(), "290 of 300 logins failed"),
                "API2:2023",
                "rate-limit-api",
                DetectionState.OPEN,
                NOW,
                List.of());
    }

    @Test
    void detectionsBelowTheThresholdsOrNoLongerOpenMakeNoRule() {
        assertThat(policy.rulesFor(
                        EnforcementFixture.detection(
                                "det-2",
                                null,
                                List.of(),
                                List.of(FP),
                                "block-credential",
                                Severity.MEDIUM,
                                0.99,
                                DetectionState.OPEN,
                                NOW),
                        NOW))
                .isEmpty();
        assertThat(policy.rulesFor(
                        EnforcementFixture.detection(
                                "det-3",
                                null,
                                List.of(),
                                List.of(FP),
                                "block-credential",
                                Severity.CRITICAL,
                                0.79,
                                DetectionState.OPEN,
                                NOW),
                        NOW))
                .isEmpty();
        assertThat(policy.rulesFor(
                        EnforcementFixture.detection(
                                "det-4",
                                null,
                                List.of(),
                                List.of(FP),
                                "block-credential",
                                Severity.CRITICAL,
                                0.99,
                                DetectionState.CLOSED,
                                NOW),
                        NOW))
                .isEmpty();
        assertThat(policy.rulesFor(
                        EnforcementFixture.detection(
                                "det-5",
                                null,
                                List.of(),
                                List.of(FP),
                                "monitor",
                                Severity.CRITICAL,
                                0.99,
                                DetectionState.FALSE_POSITIVE,
                                NOW),
                        NOW))
                .isEmpty();
        assertThat(policy.rulesFor(
                        EnforcementFixture.detection(
                                "det-6",
                                null,
                                List.of(),
                                List.of(FP),
                                "block-credential",
                                Severity.HIGH,
                                0.8,
                                DetectionState.ONGOING,
                                NOW),
                        NOW))
                .hasSize(1);
    }

    @Test
    void onlyConfiguredTypesQualifyAndADisabledPolicyMakesNothing() {
        Detection credential = detection(null, List.of("198.51.100.1"), List.of(FP), "block-credential");

        assertThat(new Policy(Config.defaults().withTypes("xss")).rulesFor(credential, NOW))
                .isEmpty();
        assertThat(new Policy(Config.defaults().withTypes("object-enumeration")).rulesFor(credential, NOW))
                .hasSize(1);
        assertThat(new Policy(Config.defaults().disabled()).rulesFor(credential, NOW))
                .isEmpty();
    }

    @Test
    void anUnknownOrMissingRecommendationMakesNoRule() {
        assertThat(policy.rulesFor(detection(null, List.of("198.51.100.1"), List.of(FP), "block-everyone"), NOW))
                .isEmpty();
        assertThat(policy.rulesFor(detection(null, List.of("198.51.100.1"), List.of(FP), null), NOW))
                .isEmpty();
    }

    @Test
    void anAllowlistedSubjectGetsNoRuleOnItselfNorOnItsCredentials() {
        assertThat(policy.rulesFor(detection("svc-backup", List.of("203.0.113.9"), List.of(FP), "block-subject"), NOW))
                .isEmpty();
        assertThat(policy.rulesFor(
                        detection("svc-backup", List.of("203.0.113.9"), List.of(FP), "block-credential"), NOW))
                .isEmpty();
        // an explicit address recommendation still blocks the (not allowlisted) address it came from
        assertThat(matches(
                        policy.rulesFor(detection("svc-backup", List.of("203.0.113.9"), List.of(FP), "block-ip"), NOW)))
                .containsExactly(new EnforcementRule.Match(null, null, "203.0.113.9", null, null, null, null));
    }

    @Test
    void allowlistedAndUnparseableAddressesGetNoRule() {
        List<EnforcementRule> rules = policy.rulesFor(
                detection(null, List.of("10.99.1.1", "not-an-address", "203.0.113.9"), List.of(), "block-ip"), NOW);

        assertThat(matches(rules)).extracting(EnforcementRule.Match::clientCidr).containsExactly("203.0.113.9");
    }

    @Test
    void addressRulesAreBoundedPerDetection() {
        List<String> ips =
                IntStream.range(1, 31).mapToObj(i -> "203.0.113." + i).toList();

        List<EnforcementRule> rules = policy.rulesFor(detection(null, ips, List.of(), "block-ip"), NOW);

        assertThat(matches(rules))
                .extracting(EnforcementRule.Match::clientCidr)
                .containsExactly("203.0.113.1", "203.0.113.2", "203.0.113.3");
    }

    @Test
    void credentialRulesAreBoundedPerDetectionAndMalformedFingerprintsSkipped() {
        // Given a detection naming a duplicate, a blank, a spaced, an over-long and then four valid fingerprints
        List<String> fingerprints = List.of(
                FP,
                FP,
                " ",
                "sha256:has space",
                "sha256:" + "a".repeat(200),
                "sha256:bad\u0000",
                OTHER_FP,
                "sha256:1111111111111111",
                "sha256:2222222222222222");

        // When
        List<EnforcementRule> rules =
                policy.rulesFor(detection(null, List.of("198.51.100.1"), fingerprints, "block-credential"), NOW);

        // Then the first two valid distinct ones (the bound is 2 here)
        assertThat(matches(rules))
                .extracting(EnforcementRule.Match::credentialFingerprint)
                .containsExactly(FP, OTHER_FP);
    }

    @Test
    void onlyMalformedFingerprintsFallBackToTheAddresses() {
        List<EnforcementRule> rules = policy.rulesFor(
                detection(null, List.of("198.51.100.1"), List.of("no good", ""), "block-credential"), NOW);

        assertThat(matches(rules))
                .containsExactly(new EnforcementRule.Match(null, null, "198.51.100.1", null, null, null, null));
    }

    @Test
    void ruleIdsAreStableAcrossVersionsOfADetectionAndDistinctPerTarget() {
        Detection first = detection(null, List.of("198.51.100.1"), List.of(FP, OTHER_FP), "block-credential");
        Detection later = EnforcementFixture.detection(
                "det-1",
                null,
                List.of("198.51.100.1", "198.51.100.2"),
                List.of(FP, OTHER_FP),
                "block-credential",
                Severity.CRITICAL,
                0.99,
                DetectionState.ONGOING,
                NOW);

        List<String> firstIds =
                policy.rulesFor(first, NOW).stream().map(EnforcementRule::id).toList();
        List<String> laterIds = policy.rulesFor(later, NOW.plusSeconds(30)).stream()
                .map(EnforcementRule::id)
                .toList();

        assertThat(laterIds).isEqualTo(firstIds).doesNotHaveDuplicates().hasSize(2);
        assertThat(Policy.ruleId("det-1", "fp", FP))
                .isNotEqualTo(Policy.ruleId("det-1", "ip", FP))
                .matches("det-det-1-fp-[0-9a-f]{8}");
    }

    @Test
    void theModeOfPolicyMadeRulesIsTheConfiguredOneAndABadModeIsRefused() {
        assertThat(new Policy(Config.defaults().withMode("monitor"))
                        .rulesFor(detection(null, List.of(), List.of(FP), "block-credential"), NOW))
                .singleElement()
                .satisfies(rule -> assertThat(rule.mode()).isEqualTo(RuleMode.MONITOR));
        assertThatThrownBy(() -> new Policy(Config.defaults().withMode("block-everything")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("monitor or enforce");
    }

    @Test
    void anAddressOrABlockOverlappingAnAllowlistedBlockIsAllowlisted() {
        assertThat(policy.allowlistedAddress("10.99.4.2")).isTrue();
        assertThat(policy.allowlistedAddress("10.99.0.0/24")).isTrue();
        assertThat(policy.allowlistedAddress("10.98.255.255")).isFalse();
        assertThat(policy.allowlistedAddress("203.0.113.0/24")).isFalse();
        assertThat(policy.allowlistedAddress(null)).isFalse();
        assertThat(policy.allowlistedSubject("svc-backup")).isTrue();
        assertThat(policy.allowlistedSubject("mallory")).isFalse();
        assertThat(policy.allowlistedSubject(null)).isFalse();
    }

    @Test
    void withoutAllowlistsNothingIsAllowlistedAndSidecarsGetOnlyTheHealthProbes() {
        // Given
        Policy open = new Policy(
                Config.defaults().withAllowlist(new Allow(Optional.empty(), Optional.empty(), List.of("/healthz"))));

        // Then
        assertThat(open.allowlistedAddress("10.99.4.2")).isFalse();
        assertThat(open.allowlistedSubject("svc-backup")).isFalse();
        assertThat(open.allowlist()).isEqualTo(new RuleSet.Allowlist(List.of(), List.of(), List.of("/healthz")));
        assertThat(policy.allowlist())
                .isEqualTo(new RuleSet.Allowlist(List.of("svc-backup"), List.of("10.99.0.0/16"), List.of("/q/health")));
    }

    @Test
    void theMinimumSeverityIsInclusiveAndAnUnknownOneIsRefused() {
        Policy critical = new Policy(Config.defaults().withSeverity("critical"));

        assertThat(critical.qualifies(EnforcementFixture.detection(
                        "det-7",
                        null,
                        List.of(),
                        List.of(FP),
                        "block-credential",
                        Severity.HIGH,
                        0.99,
                        DetectionState.OPEN,
                        NOW)))
                .isFalse();
        assertThat(critical.qualifies(EnforcementFixture.detection(
                        "det-8",
                        null,
                        List.of(),
                        List.of(FP),
                        "block-credential",
                        Severity.CRITICAL,
                        0.99,
                        DetectionState.OPEN,
                        NOW)))
                .isTrue();
        assertThatThrownBy(() -> new Policy(Config.defaults().withSeverity("urgent")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown severity urgent");
    }

    @Test
    void namespaceModesAreParsedAndABadOneIsRefusedByItsProperty() {
        assertThat(new Policy(Config.defaults().withNamespaceModes(Map.of("sandbox", "monitor"))).namespaceModes())
                .isEqualTo(Map.of("sandbox", RuleMode.MONITOR));
        assertThat(policy.mode()).isEqualTo(RuleMode.ENFORCE);
        assertThatThrownBy(() -> new Policy(Config.defaults().withNamespaceModes(Map.of("payments", "block"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace-modes.payments must be monitor or enforce");
    }

    @Test
    void aLongOrOddDetectionIdStillMakesAValidRuleId() {
        String id = Policy.ruleId("det/with spaces?" + "x".repeat(300), "s", "mallory");

        assertThat(id).startsWith("det-det_with_spaces_").matches("det-[A-Za-z0-9._:@=+-]{120}-s-[0-9a-f]{8}");
    }
}
