package io.apiguard.enforcement.rules;

import static io.apiguard.enforcement.EnforcementFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.events.Severity;
import io.apiguard.enforcement.EnforcementFixture;
import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How detections and the clock change the stored rules, on the real database: a detection's rules are made once and
 * extended only when half their TTL is gone, a false positive withdraws them, a detection below the thresholds makes
 * nothing, and due rules expire.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class RuleServiceTest {

    /** The detection and subject of this test run, so other tests' rules do not matter. */
    private final String id = "det-service-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    RuleService service;

    @Inject
    RuleRepository repository;

    @Inject
    RuleSetPublisher publisher;

    @Inject
    EnforcementFixture fixture;

    private Detection detection(Severity severity, DetectionState state) {
        return EnforcementFixture.detection(
                id,
                id + "-subject",
                List.of("203.0.113.77"),
                List.of(),
                "block-subject",
                severity,
                0.95,
                state,
                Instant.now());
    }

    private StoredRule onlyRule() {
        List<StoredRule> active = await(repository.activeOfDetection(id));
        assertThat(active).hasSize(1);
        return active.get(0);
    }

    @Test
    void aDetectionsRuleIsMadeOnceAndARepublishWithTimeLeftDoesNotRewriteIt() {
        // When
        await(service.apply(detection(Severity.HIGH, DetectionState.OPEN)));

        // Then
        StoredRule made = onlyRule();
        assertThat(made.rule().match().subject()).isEqualTo(id + "-subject");
        assertThat(made.rule().action()).isEqualTo(RuleAction.BLOCK);
        assertThat(publisher.isActive(made.rule().id())).isTrue();

        // When the detection is republished as it goes on
        await(service.apply(detection(Severity.CRITICAL, DetectionState.ONGOING)));

        // Then nothing is written again
        assertThat(onlyRule().updatedAt()).isEqualTo(made.updatedAt());
        withdraw();
    }

    @Test
    void aRuleWithLessThanHalfItsTtlLeftIsExtendedKeepingWhenItWasMade() {
        // Given a rule of the detection with ten minutes left of its hour
        await(service.apply(detection(Severity.HIGH, DetectionState.OPEN)));
        StoredRule made = onlyRule();
        Instant soon = Instant.now().plus(Duration.ofMinutes(10));
        fixture.query(
                "update enforcement_rule set expires_at = $2 where id = $1",
                made.rule().id(),
                soon.atOffset(ZoneOffset.UTC));

        // When
        await(service.apply(detection(Severity.HIGH, DetectionState.ONGOING)));

        // Then
        StoredRule extended = onlyRule();
        assertThat(extended.rule().expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(extended.rule().createdAt()).isEqualTo(made.rule().createdAt());
        withdraw();
    }

    @Test
    void aFalsePositiveWithdrawsTheDetectionsRulesAndOneWithoutRulesChangesNothing() {
        // Given
        await(service.apply(detection(Severity.HIGH, DetectionState.OPEN)));
        String ruleId = onlyRule().rule().id();

        // When
        await(service.apply(detection(Severity.HIGH, DetectionState.FALSE_POSITIVE)));

        // Then
        assertThat(await(repository.activeOfDetection(id))).isEmpty();
        StoredRule withdrawn = await(repository.find(ruleId));
        assertThat(withdrawn.state()).isEqualTo(RuleState.DELETED);
        assertThat(publisher.isActive(ruleId)).isFalse();

        // When marked again, with nothing left to withdraw
        await(service.apply(detection(Severity.HIGH, DetectionState.FALSE_POSITIVE)));

        // Then the withdrawn rule is left as it was
        assertThat(await(repository.find(ruleId))).isEqualTo(withdrawn);
    }

    @Test
    void aDetectionBelowTheThresholdsMakesNoRule() {
        await(service.apply(detection(Severity.MEDIUM, DetectionState.OPEN)));

        assertThat(await(repository.activeOfDetection(id))).isEmpty();
    }

    @Test
    void aRuleWhoseTimeHasComeExpiresAndLeavesTheSet() {
        // Given a rule that expired a second ago
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EnforcementRule due = new EnforcementRule(
                id + "-due",
                new EnforcementRule.Match(id + "-due-subject", null, null, null, null, null, null),
                RuleAction.BLOCK,
                null,
                "due",
                null,
                "operator",
                now.minus(Duration.ofHours(1)),
                now.minusSeconds(1),
                RuleMode.ENFORCE);
        await(repository.save(due, now));

        // When (the timer may have been first: either way it is expired)
        await(service.expire());

        // Then
        assertThat(await(repository.find(due.id())).state()).isEqualTo(RuleState.EXPIRED);
        assertThat(await(repository.activeAt(now)))
                .extracting(EnforcementRule::id)
                .doesNotContain(due.id());
        assertThat(publisher.isActive(due.id())).isFalse();
    }

    private void withdraw() {
        await(service.apply(detection(Severity.HIGH, DetectionState.FALSE_POSITIVE)));
    }
}
