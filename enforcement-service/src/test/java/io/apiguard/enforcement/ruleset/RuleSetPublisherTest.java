package io.apiguard.enforcement.ruleset;

import static io.apiguard.enforcement.EnforcementFixture.WAIT;
import static io.apiguard.enforcement.EnforcementFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.enforcement.EnforcementFixture;
import io.apiguard.enforcement.FakeSidecar;
import io.apiguard.enforcement.inventory.RouteRepository;
import io.apiguard.enforcement.rules.RuleRepository;
import io.apiguard.enforcement.rules.RuleState;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The rule set's versioning on the real database: a rebuild of unchanged content keeps the version, a change takes the
 * next number of the sequence and is recorded with its hash, and rebuilds asked for while one runs coalesce.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSidecar.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class RuleSetPublisherTest {

    @Inject
    RuleSetPublisher publisher;

    @Inject
    RuleRepository rules;

    @Inject
    RouteRepository routes;

    @Inject
    EnforcementFixture fixture;

    private static EnforcementRule rule(String id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new EnforcementRule(
                id,
                new EnforcementRule.Match(id + "-subject", null, null, null, null, null, null),
                RuleAction.BLOCK,
                null,
                "publisher test",
                null,
                "operator",
                now,
                now.plus(Duration.ofHours(1)),
                RuleMode.ENFORCE);
    }

    private Row recorded(long version) {
        return fixture.query("select hash, rule_count from rule_set_version where version = $1", version)
                .iterator()
                .next();
    }

    /** How many versions were recorded after {@code version}. */
    private long recordedAfter(long version) {
        return fixture.query("select count(*) from rule_set_version where version > $1", version)
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void aRebuildOfUnchangedContentKeepsTheSetInForce() {
        // Given
        SignedRuleSet before = await(publisher.rebuild());

        // When
        SignedRuleSet again = await(publisher.rebuild());

        // Then
        assertThat(again.ruleSet().version()).isEqualTo(before.ruleSet().version());
        assertThat(again.ruleSet().hash()).isEqualTo(before.ruleSet().hash());
        assertThat(publisher.current()).isSameAs(again);
        assertThat(recordedAfter(before.ruleSet().version())).isZero();
    }

    @Test
    void aChangedRuleTakesTheNextVersionRecordedWithItsHashAndLeavingTheSetDoesToo() {
        // Given
        SignedRuleSet before = await(publisher.rebuild());
        EnforcementRule rule = rule("op-publisher-change");

        // When
        await(rules.save(rule, Instant.now()));
        SignedRuleSet added = await(publisher.rebuild());

        // Then
        assertThat(added.ruleSet().version()).isGreaterThan(before.ruleSet().version());
        assertThat(added.ruleSet().rules()).extracting(EnforcementRule::id).contains(rule.id());
        assertThat(publisher.isActive(rule.id())).isTrue();
        assertThat(publisher.currentVersion()).isEqualTo(added.ruleSet().version());
        Row row = recorded(added.ruleSet().version());
        assertThat(row.getString("hash")).isEqualTo(added.ruleSet().hash());
        assertThat(row.getInteger("rule_count"))
                .isEqualTo(added.ruleSet().rules().size());

        // When the rule is withdrawn
        await(rules.retire(rule.id(), RuleState.DELETED, Instant.now()));
        SignedRuleSet removed = await(publisher.rebuild());

        // Then
        assertThat(removed.ruleSet().version()).isGreaterThan(added.ruleSet().version());
        assertThat(publisher.isActive(rule.id())).isFalse();
        assertThat(publisher.isActive("no-such-rule")).isFalse();
    }

    @Test
    void rebuildsAskedForWhileOneRunsCoalesceIntoOneVersion() {
        // Given
        long before = await(publisher.rebuild()).ruleSet().version();
        EnforcementRule rule = rule("op-publisher-burst");
        await(rules.save(rule, Instant.now()));

        // When: five rebuilds at once, as a burst of changes asks for them
        List<Uni<SignedRuleSet>> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(publisher.rebuild());
        }
        List<SignedRuleSet> built = await(Uni.join().all(burst).andFailFast());

        // Then: every caller gets the same set, with the rule, recorded once
        assertThat(built)
                .extracting(set -> set.ruleSet().version())
                .containsOnly(built.get(0).ruleSet().version());
        assertThat(built.get(0).ruleSet().rules())
                .extracting(EnforcementRule::id)
                .contains(rule.id());
        assertThat(recordedAfter(before)).isEqualTo(1);

        await(rules.retire(rule.id(), RuleState.DELETED, Instant.now()));
        await(publisher.rebuild());
    }

    @Test
    void aChangedRouteTableIsRebuiltIntoANewVersion() {
        // Given
        long before = publisher.currentVersion();
        RuleSet.Route route = new RuleSet.Route(
                "api-publisher-route", "publisher.example", "/publisher", MatchType.PREFIX, List.of(), List.of());

        try {
            // When
            await(routes.upsert(route, Instant.now()));
            publisher.routesChanged();

            // Then
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(publisher.current().ruleSet().routes())
                                    .extracting(RuleSet.Route::apiId)
                                    .contains(route.apiId()));
            assertThat(publisher.currentVersion()).isGreaterThan(before);
        } finally {
            await(routes.remove(route.apiId()));
            await(publisher.rebuild());
        }
    }
}
