package io.apiguard.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.detection.correlation.EgressCorrelator;
import io.apiguard.detection.detectors.RateAnomalyDetector;

class DetectorDefinitionTest {

    @Test
    void aSettingsRecordIsViewedAsItsComponentsByName() {
        // When
        Map<String, Object> rate = DetectorDefinition.asView(RateAnomalyDetector.Settings.defaults());
        Map<String, Object> egress = DetectorDefinition.asView(EgressCorrelator.Settings.defaults());

        // Then
        assertThat(rate)
                .containsKeys(
                        "window",
                        "deviations",
                        "factor",
                        "minBaselineWindows",
                        "alpha",
                        "minCalls",
                        "unlearnedCeiling",
                        "maxKeys");
        assertThat(rate).containsEntry("deviations", 4.0).containsEntry("minCalls", 120);
        assertThat(egress).containsEntry("minBytes", 10_000_000L).containsKey("watchFor");
    }
}
