package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Severity;
import io.apiguard.detection.TestCalls;

class AuthenticationAttackDetectorTest {

    private final Replay replay =
            new Replay(new AuthenticationAttackDetector(AuthenticationAttackDetector.Settings.defaults()));

    @Test
    void manySubjectsFailingFromOneAddressIsCredentialStuffingButAProxyOfHonestUsersIsNot() {
        for (int i = 0; i < 15; i++) {
            replay.run(TestCalls.by("victim-" + i)
                    .ip("203.0.113.9")
                    .at(T0 + i * 1000)
                    .status(401)
                    .plain("POST", "/login"));
            replay.run(TestCalls.by("employee-" + i)
                    .ip("198.51.100.7")
                    .at(T0 + i * 1000)
                    .plain("POST", "/login"));
        }

        assertThat(replay.about("ip:198.51.100.7")).isEmpty();
        assertThat(replay.types("ip:203.0.113.9")).contains(AuthenticationAttackDetector.CREDENTIAL_STUFFING);
        assertThat(replay.about("ip:203.0.113.9").get(0).recommendedAction()).isEqualTo("block-ip");
    }

    @Test
    void anonymousCredentialsCountByFingerprint() {
        for (int i = 0; i < 10; i++) {
            replay.run(TestCalls.by(null)
                    .fingerprint("fp-" + i)
                    .ip("203.0.113.10")
                    .at(T0 + i * 1000)
                    .status(401)
                    .plain("GET", "/accounts"));
        }
        assertThat(replay.types("ip:203.0.113.10")).containsExactly(AuthenticationAttackDetector.CREDENTIAL_STUFFING);
    }

    @Test
    void aBurstOfRefusalsFromOneAddressFiresAndTheSameVolumeOfSuccessesDoesNot() {
        for (int i = 0; i < 30; i++) {
            replay.run(TestCalls.by(null)
                    .ip("203.0.113.11")
                    .at(T0 + i * 1000)
                    .status(403)
                    .plain("GET", "/accounts"));
            replay.run(TestCalls.by(null).ip("203.0.113.12").at(T0 + i * 1000).plain("GET", "/accounts"));
        }

        assertThat(replay.about("ip:203.0.113.12")).isEmpty();
        assertThat(replay.types("ip:203.0.113.11")).containsExactly(AuthenticationAttackDetector.FAILURE_BURST);
        assertThat(replay.about("ip:203.0.113.11").get(0).figures().get("failures"))
                .isEqualTo(20.0);
    }

    @Test
    void callsTheSidecarRefusedItselfAreNotAuthenticationFailures() {
        // Given: one address behind which an attacker is being blocked by apiguard, and honest users call
        for (int i = 0; i < 40; i++) {
            replay.run(TestCalls.by("mallory")
                    .ip("203.0.113.13")
                    .at(T0 + i * 500)
                    .blockedBy("rule-1")
                    .plain("GET", "/accounts/" + i));
        }

        // Then: enforcement's own 403s raise nothing against the address (a block-ip would shut out everyone)
        assertThat(replay.about("ip:203.0.113.13")).isEmpty();
        assertThat(replay.about("mallory")).isEmpty();
    }

    @Test
    void oneSubjectFromManyAddressesFires() {
        for (int i = 0; i < 12; i++) {
            replay.run(
                    TestCalls.by("alice").ip("192.0.2." + i).at(T0 + i * 1000).plain("GET", "/accounts"));
            replay.run(TestCalls.by("bob").ip("192.0.2.200").at(T0 + i * 1000).plain("GET", "/accounts"));
        }

        assertThat(replay.about("bob")).isEmpty();
        assertThat(replay.about("alice")).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(AuthenticationAttackDetector.SUBJECT_MANY_IPS);
            assertThat(signal.severity()).isEqualTo(Severity.MEDIUM);
        });
    }

    @Test
    void refusalsSpreadOverWindowsDoNotAddUp() {
        for (int i = 0; i < 30; i++) {
            replay.run(TestCalls.by(null)
                    .ip("203.0.113.13")
                    .at(T0 + i * 10_000)
                    .status(401)
                    .plain("GET", "/x"));
        }
        assertThat(replay.signals).isEmpty();
    }
}
