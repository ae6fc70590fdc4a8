package io.apiguard.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.json.EventJson;

class EwmaTest {

    @Test
    void theFirstSampleIsTheMeanWithNoDeviation() {
        Ewma ewma = new Ewma();

        ewma.add(10, 0.2);

        assertThat(ewma.mean()).isEqualTo(10);
        assertThat(ewma.deviation()).isZero();
        assertThat(ewma.samples()).isEqualTo(1);
    }

    @Test
    void laterSamplesMoveTheMeanByAlphaAndWidenTheDeviation() {
        // Given
        Ewma ewma = new Ewma();
        ewma.add(10, 0.2);

        // When
        ewma.add(20, 0.2);

        // Then: mean 10 + 0.2 * 10, variance 0.8 * (0 + 10 * 2)
        assertThat(ewma.mean()).isCloseTo(12, within(1e-9));
        assertThat(ewma.deviation()).isCloseTo(Math.sqrt(16), within(1e-9));
    }

    @Test
    void itIsLearnedOnlyAfterItsMinimumOfSamples() {
        Ewma ewma = new Ewma();
        ewma.add(1, 0.5);
        ewma.add(1, 0.5);

        assertThat(ewma.learned(3)).isFalse();
        ewma.add(1, 0.5);
        assertThat(ewma.learned(3)).isTrue();
    }

    @Test
    void farAboveIsAboveBothTheDeviationsAndTheMultipleOfTheMean() {
        // Given: a steady baseline of 100 (no deviation)
        Ewma steady = new Ewma();
        for (int i = 0; i < 5; i++) {
            steady.add(100, 0.2);
        }

        // Then: the multiple of the mean is the bar
        assertThat(steady.threshold(4, 3)).isEqualTo(300);
        assertThat(steady.exceeds(300, 4, 3)).isFalse();
        assertThat(steady.exceeds(301, 4, 3)).isTrue();

        // Given: a noisy baseline, where mean + k deviations is the higher bar
        Ewma noisy = new Ewma();
        for (int i = 0; i < 20; i++) {
            noisy.add(i % 2 == 0 ? 0 : 200, 0.2);
        }
        assertThat(noisy.threshold(4, 1)).isEqualTo(noisy.mean() + 4 * noisy.deviation());
        assertThat(noisy.threshold(4, 1)).isGreaterThan(noisy.mean());
    }

    @Test
    void aBaselineSurvivesPersistence() throws Exception {
        // Given
        ObjectMapper mapper = EventJson.mapper();
        Ewma ewma = new Ewma();
        ewma.add(10, 0.2);
        ewma.add(30, 0.2);

        // When
        Ewma restored = mapper.readValue(mapper.writeValueAsString(ewma), Ewma.class);

        // Then
        assertThat(restored.mean()).isEqualTo(ewma.mean());
        assertThat(restored.deviation()).isEqualTo(ewma.deviation());
        assertThat(restored.samples()).isEqualTo(2);
    }
}
