package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Severity;
import io.apiguard.detection.TestCalls;

class FunctionAbuseDetectorTest {

    private final Replay replay = new Replay(new FunctionAbuseDetector(new FunctionAbuseDetector.Settings(
            FunctionAbuseDetector.Settings.defaults().adminPath(),
            Set.of("admin"),
            3,
            Duration.ofHours(1),
            20,
            Duration.ofMinutes(10),
            3,
            3,
            512,
            1000)));

    @Test
    void aNonAdminWhoseAdminCallSucceedsIsCriticalWhileTheAdminTwinIsSilent() {
        replay.run(TestCalls.by("mallory").roles("teller").at(T0).plain("GET", "/admin/users"));
        replay.run(TestCalls.by("root").roles("admin").at(T0).plain("GET", "/admin/users"));

        assertThat(replay.about("root")).isEmpty();
        assertThat(replay.about("mallory")).singleElement().satisfies(signal -> {
            assertThat(signal.type()).isEqualTo(FunctionAbuseDetector.ADMIN_ACCESS);
            assertThat(signal.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(signal.owaspCategory()).isEqualTo("API5:2023");
        });
    }

    @Test
    void refusedAdminProbesFireOnlyFromTheThirdOn() {
        for (int i = 0; i < 3; i++) {
            replay.run(TestCalls.by("mallory")
                    .roles("teller")
                    .at(T0 + i)
                    .status(403)
                    .plain("POST", "/internal/flags"));
        }
        assertThat(replay.about("mallory"))
                .singleElement()
                .satisfies(signal -> assertThat(signal.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void aRoleCallingAnOperationItNeverCallsFiresAfterLearning() {
        // Given tellers only read accounts during the learning hour
        for (int i = 0; i < 40; i++) {
            replay.run(TestCalls.by("teller-" + (i % 4))
                    .roles("teller")
                    .at(T0 + i * 60_000)
                    .account(String.valueOf(i)));
        }

        // When one teller deletes three accounts and another reads three
        long later = T0 + 2 * 3_600_000;
        for (int i = 0; i < 3; i++) {
            replay.run(TestCalls.by("teller-0")
                    .roles("teller")
                    .at(later + i)
                    .call("DELETE", "/accounts/{id}", "accounts", String.valueOf(i)));
            replay.run(TestCalls.by("teller-1").roles("teller").at(later + i).account(String.valueOf(i)));
        }

        // Then
        assertThat(replay.about("teller-1")).isEmpty();
        assertThat(replay.about("teller-0"))
                .singleElement()
                .satisfies(signal -> assertThat(signal.type()).isEqualTo(FunctionAbuseDetector.UNUSUAL_OPERATION));
    }

    @Test
    void anOperationSeveralSubjectsOfTheRoleStartCallingIsAdopted() {
        for (int i = 0; i < 40; i++) {
            replay.run(TestCalls.by("teller-" + (i % 4))
                    .roles("teller")
                    .at(T0 + i * 60_000)
                    .account(String.valueOf(i)));
        }
        long later = T0 + 2 * 3_600_000;
        for (int round = 0; round < 3; round++) {
            for (int teller = 0; teller < 4; teller++) {
                replay.run(TestCalls.by("teller-" + teller)
                        .roles("teller")
                        .at(later + round * 1000 + teller)
                        .plain("GET", "/statements/export"));
            }
        }
        assertThat(replay.signals).isEmpty();
    }
}
