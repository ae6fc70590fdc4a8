package io.apiguard.enforcement.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;

/** The wire values a stored rule is read back from: each known one, and a refusal of any other. */
class RuleWireValuesTest {

    @Test
    void everyStateActionAndModeReadsBackFromItsWireValue() {
        for (RuleState state : RuleState.values()) {
            assertThat(RuleState.of(state.wire())).isEqualTo(state);
        }
        for (RuleAction action : RuleAction.values()) {
            assertThat(RuleRepository.action(action.wire())).isEqualTo(action);
        }
        for (RuleMode mode : RuleMode.values()) {
            assertThat(RuleRepository.mode(mode.wire())).isEqualTo(mode);
        }
        for (RateKey key : RateKey.values()) {
            assertThat(RuleRepository.rateKey(key.wire())).isEqualTo(key);
        }
        // a rule stored before the column, or kept per caller
        assertThat(RuleRepository.rateKey(null)).isNull();
    }

    @Test
    void anUnknownValueIsRefusedWithItsName() {
        assertThatThrownBy(() -> RuleState.of("paused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown rule state paused");
        assertThatThrownBy(() -> RuleRepository.action("quarantine"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown action quarantine");
        assertThatThrownBy(() -> RuleRepository.rateKey("planet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown rate key planet");
        assertThatThrownBy(() -> RuleRepository.mode(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown mode null");
    }
}
