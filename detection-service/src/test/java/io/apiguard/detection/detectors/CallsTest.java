package io.apiguard.detection.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Signal;

class CallsTest {

    private static final String FINGERPRINT = "sha256:0123456789abcdef";

    @Test
    void aVerifiedCallerCountsForItsSubjectAloneWhateverItsCredential() {
        // Given
        ApiCallRecord call =
                TestCalls.by("alice").fingerprint(FINGERPRINT).ip("10.0.0.7").account("1");

        // Then
        assertThat(Calls.subject(call)).isEqualTo("alice");
        assertThat(Calls.actor(call)).isEqualTo("alice");
        assertThat(Calls.principal(call)).isEqualTo("alice");
        assertThat(Calls.secondActor(call)).isNull();
    }

    @Test
    void anUnverifiedCallerCountsForItsCredentialThenItsAddressNeverForTheSubjectItClaims() {
        // Given
        ApiCallRecord call =
                TestCalls.unverified(FINGERPRINT, "alice").ip("10.0.0.7").account("1");

        // Then
        assertThat(Calls.subject(call)).isNull();
        assertThat(Calls.actor(call)).isEqualTo("fp:" + FINGERPRINT);
        assertThat(Calls.principal(call)).isEqualTo("fp:" + FINGERPRINT);
        assertThat(Calls.secondActor(call)).isEqualTo("ip:10.0.0.7");
    }

    @Test
    void anUnverifiedCallerWithoutAnAddressHasNoSecondKey() {
        ApiCallRecord call = TestCalls.unverified(FINGERPRINT, null).ip(null).account("1");

        assertThat(Calls.clientIp(call)).isNull();
        assertThat(Calls.actor(call)).isEqualTo("fp:" + FINGERPRINT);
        assertThat(Calls.secondActor(call)).isNull();
    }

    @Test
    void anAnonymousCallerCountsForItsAddressOnlyAndWithoutOneForNothing() {
        ApiCallRecord fromAddress = TestCalls.by(null).ip("192.0.2.1").account("1");
        ApiCallRecord fromNowhere = TestCalls.by(null).ip(null).account("1");

        assertThat(Calls.actor(fromAddress)).isEqualTo("ip:192.0.2.1");
        assertThat(Calls.principal(fromAddress)).isNull();
        assertThat(Calls.secondActor(fromAddress)).isNull();
        assertThat(Calls.actor(fromNowhere)).isNull();
    }

    @Test
    void theTemplateIsPreferredToTheRawPath() {
        assertThat(Calls.template(TestCalls.by("alice").account("7"))).isEqualTo("/accounts/{id}");
        assertThat(Calls.template(TestCalls.by("alice").raw("GET", "/accounts/7")))
                .isEqualTo("/accounts/7");
    }

    @Test
    void keysAreDescribedForOperators() {
        assertThat(Calls.describe("ip:10.0.0.1")).isEqualTo("address 10.0.0.1");
        assertThat(Calls.describe("fp:" + FINGERPRINT)).isEqualTo("unverified credential " + FINGERPRINT);
        assertThat(Calls.describe("alice")).isEqualTo("alice");
    }

    @Test
    void anAuthFailureIsTheApisOwn401Or403NotTheSidecarsBlock() {
        assertThat(Calls.authFailure(TestCalls.by("alice").status(401).account("1")))
                .isTrue();
        assertThat(Calls.authFailure(TestCalls.by("alice").status(403).account("1")))
                .isTrue();
        assertThat(Calls.authFailure(TestCalls.by("alice").blockedBy("r-1").account("1")))
                .isFalse();
        assertThat(Calls.authFailure(TestCalls.by("alice").status(404).account("1")))
                .isFalse();
    }

    @Test
    void successIsA2xxOr3xx() {
        assertThat(Calls.success(TestCalls.by("a").status(200).account("1"))).isTrue();
        assertThat(Calls.success(TestCalls.by("a").status(399).account("1"))).isTrue();
        assertThat(Calls.success(TestCalls.by("a").status(400).account("1"))).isFalse();
        assertThat(Calls.success(TestCalls.by("a").status(199).account("1"))).isFalse();
    }

    @Test
    void aNumericIdIsUpToEighteenDecimalDigitsAndAnythingElseIsTheMarker() {
        assertThat(Calls.numericId("1044")).isEqualTo(1044);
        assertThat(Calls.numericId("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
        assertThat(Calls.numericId("9".repeat(19))).isEqualTo(Long.MIN_VALUE);
        assertThat(Calls.numericId("")).isEqualTo(Long.MIN_VALUE);
        assertThat(Calls.numericId("12a")).isEqualTo(Long.MIN_VALUE);
        assertThat(Calls.numericId("-1")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aSignalNamesTheSubjectOnlyWhenItIsAboutThatVerifiedSubjectAndBoundsItsConfidence() {
        // Given
        ApiCallRecord call =
                TestCalls.by("alice").fingerprint(FINGERPRINT).ip("10.0.0.7").account("1");

        // When
        Signal aboutAlice = Calls.signal(call, "t", "alice", Severity.HIGH, 1.5, 0, 1, Map.of(), "s", "API1", "a");
        Signal aboutAddress =
                Calls.signal(call, "t", "ip:10.0.0.7", Severity.HIGH, -1, 0, 1, Map.of(), "s", "API1", "a");

        // Then
        assertThat(aboutAlice.subject()).isEqualTo("alice");
        assertThat(aboutAlice.confidence()).isEqualTo(0.99);
        assertThat(aboutAddress.subject()).isNull();
        assertThat(aboutAddress.confidence()).isEqualTo(0.0);
        assertThat(aboutAddress.clientIp()).isEqualTo("10.0.0.7");
        assertThat(aboutAddress.credentialFingerprint()).isEqualTo(FINGERPRINT);
        assertThat(aboutAddress.callId()).isEqualTo(call.id().toString());
    }

    @Test
    void aCallerWithoutRolesHasThePlaceholderRole() {
        assertThat(Calls.roles(TestCalls.by("a").account("1"))).isEqualTo(Calls.NO_ROLE);
        assertThat(Calls.roles(TestCalls.by("a").roles("admin").account("1"))).containsExactly("admin");
        assertThat(Calls.round(1.23456)).isEqualTo(1.23);
    }
}
