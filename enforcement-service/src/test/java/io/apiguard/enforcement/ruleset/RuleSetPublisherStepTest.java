package io.apiguard.enforcement.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.enforcement.ruleset.RuleSetPublisher.Step;
import io.apiguard.enforcement.ruleset.RuleSetVersionRepository.RecordedVersion;

/** What a rebuild does with the content it read ({@link RuleSetPublisher#step}): keep, resume at a restart, or new. */
class RuleSetPublisherStepTest {

    private static final SignedRuleSet CURRENT = SignedRuleSet.of(RuleSet.of(
            7, Instant.parse("2026-12-01T12:00:00Z"), List.of(), RuleSet.Allowlist.NONE, Map.of(), Map.of()));
    private static final String SAME = CURRENT.ruleSet().hash();

    @Test
    void theSameContentAsTheCurrentSetKeepsItWhateverWasRecorded() {
        assertThat(RuleSetPublisher.step(SAME, CURRENT, null)).isEqualTo(Step.KEEP);
        assertThat(RuleSetPublisher.step(SAME, CURRENT, new RecordedVersion(3, "other")))
                .isEqualTo(Step.KEEP);
    }

    @Test
    void otherContentThanTheCurrentSetIsANewVersionEvenIfItWasRecordedBefore() {
        // a set may go back to an earlier content (a rule deleted again): it is still a new, higher version
        assertThat(RuleSetPublisher.step("other", CURRENT, new RecordedVersion(3, "other")))
                .isEqualTo(Step.NEW);
    }

    @Test
    void atStartTheLastRecordedVersionResumesWhenItsContentIsTheSame() {
        assertThat(RuleSetPublisher.step(SAME, null, new RecordedVersion(7, SAME)))
                .isEqualTo(Step.RESUME);
    }

    @Test
    void atStartOtherContentOrAFreshDatabaseIsANewVersion() {
        assertThat(RuleSetPublisher.step(SAME, null, new RecordedVersion(7, "changed while down")))
                .isEqualTo(Step.NEW);
        assertThat(RuleSetPublisher.step(SAME, null, null)).isEqualTo(Step.NEW);
    }
}
