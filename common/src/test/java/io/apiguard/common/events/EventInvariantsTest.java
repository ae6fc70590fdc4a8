package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** What the records refuse to hold, and what they copy so nobody can change an event after the fact. */
class EventInvariantsTest {

    @Test
    void aCallNeedsAnIdAndAnHttpStatus() {
        ApiCallRecord call = EventSamples.call();

        assertThatThrownBy(() -> new ApiCallRecord(null, call.timestamp(), 1, call.api(), null, null, call.identity(),
                200, 0, 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id is required");
        assertThatThrownBy(() -> new ApiCallRecord(UUID.randomUUID(), call.timestamp(), 1, call.api(), null, null,
                call.identity(), 42, 0, 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status must be an HTTP status");
    }

    @Test
    void aNamedIdentityNeedsASubjectButAnAnonymousOneDoesNot() {
        assertThatThrownBy(() -> new Identity(" ", null, PrincipalType.USER, AuthMethod.JWT, null, null, null, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a user identity needs a subject");

        Identity anonymous = Identity.anonymous();
        assertThat(anonymous.subject()).isNull();
        assertThat(anonymous.roles()).isEmpty();
        assertThat(anonymous.isIndividual()).isFalse();
    }

    @Test
    void onlyAUserOtherThanTheSharedAccountIsAnIndividual() {
        Identity delegated = new Identity("alex.s@accounting-xyz", null, PrincipalType.USER, AuthMethod.JWT,
                "FinTech_User_01", null, null, null, true);
        Identity sharedAccountOnly = new Identity("FinTech_User_01", null, PrincipalType.USER, AuthMethod.BASIC,
                "FinTech_User_01", null, null, null, true);
        Identity service = new Identity("billing", null, PrincipalType.SERVICE, AuthMethod.MTLS, null, null, null,
                null, true);

        assertThat(delegated.isIndividual()).isTrue();
        assertThat(sharedAccountOnly.isIndividual()).isFalse();
        assertThat(service.isIndividual()).isFalse();
    }

    @Test
    void detectionConfidenceStaysWithinZeroAndOne() {
        Detection sample = (Detection) EventSamples.of(EventContract.DETECTION);

        for (double confidence : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> new Detection(sample.id(), sample.type(), sample.severity(), confidence, null, null,
                    null, null, null, null, null, null, sample.state(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence must be within 0..1");
        }
        assertThat(new Detection(sample.id(), sample.type(), sample.severity(), 1.0, null, null, null, null, null, null,
                null, null, sample.state(), null).evidence().callIds()).isEmpty();
    }

    @Test
    void aRuleMustMatchSomethingAndARateLimitNeedsARate() {
        EnforcementRule.Match nothing = new EnforcementRule.Match(null, null, null, null, null, null, null);
        EnforcementRule.Match subject = new EnforcementRule.Match("mallory", null, null, null, null, null, null);

        assertThatThrownBy(() -> new EnforcementRule("r1", nothing, RuleAction.BLOCK, null, null, null, null, null, null,
                RuleMode.ENFORCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a rule must match on at least one field");
        assertThatThrownBy(() -> new EnforcementRule("r1", subject, RuleAction.RATE_LIMIT, 0, null, null, null, null,
                null, RuleMode.ENFORCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive ratePerSecond");
        assertThat(new EnforcementRule("r1", subject, RuleAction.RATE_LIMIT, 10, null, null, null, null, null,
                RuleMode.ENFORCE).ratePerSecond()).isEqualTo(10);
    }

    @Test
    void aPushEventNamesItsSidecarAndARuleEventItsRule() {
        assertThatThrownBy(() -> new EnforcementEvent(EnforcementEventKind.RULE_SET_PUSHED, null, 3, null,
                EventSamples.T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rule-set-pushed needs a sidecar");
        assertThatThrownBy(() -> new EnforcementEvent(EnforcementEventKind.RULE_EXPIRED, null, 3, "sidecar-1",
                EventSamples.T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rule-expired needs a rule");
    }

    @Test
    void aFlowCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new NetworkFlow("10.0.0.1", 1, "10.0.0.2", 2, "tcp", 0, 0, EventSamples.T1,
                EventSamples.T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is before start");
    }

    @Test
    void collectionsAreCopiedSoAnEventCannotChangeAfterTheFact() {
        List<String> roles = new ArrayList<>(List.of("accountant"));
        Identity identity = new Identity("alex", null, PrincipalType.USER, AuthMethod.JWT, null, null, roles, null, true);
        roles.add("admin");

        assertThat(identity.roles()).containsExactly("accountant");
        assertThatThrownBy(() -> identity.roles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new PostureFinding("f", "r", null, null, Severity.LOW, FindingState.OPEN, null, null, null, null,
                null, null, null, null).evidence()).isEqualTo(Map.of());
    }
}
