package io.apiguard.devstack.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class MaturityClimbTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private final MaturityClimb climb = new MaturityClimb();

    @Test
    void theFirstReportSaysTheLevelWhyItHoldsAndWhatTheNextWaitsFor() {
        // When
        List<String> lines = climb.observe(report(1, true, false, false, true, false), Duration.ofMillis(21_040));

        // Then
        assertThat(lines)
                .containsExactly(
                        "Maturity     level 1 at  21.0 s  level one",
                        "               criterion 1: detail 1 true",
                        "               next: level 2 (level two) waits for criterion 2: detail 2 false");
        assertThat(climb.level()).isEqualTo(1);
        assertThat(climb.reachedAt(1)).isEqualTo(Duration.ofMillis(21_040));
        assertThat(climb.reachedAt(2)).isNull();
    }

    @Test
    void anUnchangedLevelPrintsNothing() {
        // Given
        climb.observe(report(1, true, false, false, true, false), Duration.ofSeconds(21));

        // When / Then
        assertThat(climb.observe(report(1, true, false, false, true, false), Duration.ofSeconds(22)))
                .isEmpty();
        assertThat(climb.reachedAt(1)).isEqualTo(Duration.ofSeconds(21));
    }

    @Test
    void aJumpPrintsEveryLevelGainedWithTheCriteriaThatNowHold() {
        // Given: level 4 held all along, level 3 was the one missing
        climb.observe(report(2, true, true, false, true, false), Duration.ofSeconds(22));

        // When
        List<String> lines = climb.observe(report(4, true, true, true, true, false), Duration.ofSeconds(25));

        // Then
        assertThat(lines)
                .containsExactly(
                        "Maturity     level 3 at  25.0 s  level three",
                        "               criterion 3: detail 3 true",
                        "Maturity     level 4 at  25.0 s  level four",
                        "               criterion 4: detail 4 true",
                        "               next: level 5 (level five) waits for criterion 5: detail 5 false");
        assertThat(climb.reachedAt(3)).isEqualTo(Duration.ofSeconds(25));
        assertThat(climb.reachedAt(4)).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void levelFiveWaitsForNothing() {
        // When
        List<String> lines = climb.observe(report(5, true, true, true, true, true), Duration.ofSeconds(30));

        // Then
        assertThat(lines).hasSize(10).last().isEqualTo("               criterion 5: detail 5 true");
        assertThat(lines).noneMatch(line -> line.contains("next:"));
    }

    @Test
    void aLostLevelSaysWhyAndTheFirstReachStaysRecorded() {
        // Given
        climb.observe(report(5, true, true, true, true, true), Duration.ofSeconds(30));

        // When
        List<String> lines = climb.observe(report(4, true, true, true, true, false), Duration.ofSeconds(41));

        // Then
        assertThat(lines)
                .containsExactly(
                        "Maturity     level 4 at  41.0 s  level 5 no longer holds: criterion 5: detail 5 false",
                        "               next: level 5 (level five) waits for criterion 5: detail 5 false");
        assertThat(climb.reachedAt(5)).isEqualTo(Duration.ofSeconds(30));

        // and regained, it is printed again, with the criterion that came back
        assertThat(climb.observe(report(5, true, true, true, true, true), Duration.ofSeconds(43)))
                .containsExactly(
                        "Maturity     level 5 at  43.0 s  level five", "               criterion 5: detail 5 true");
        assertThat(climb.reachedAt(5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void levelZeroIsSaidWithWhatLevelOneWaitsFor() {
        // When
        List<String> lines = climb.observe(report(0, false, false, false, true, false), Duration.ofSeconds(20));

        // Then
        assertThat(lines)
                .containsExactly(
                        "Maturity     level 0 at  20.0 s",
                        "               next: level 1 (level one) waits for criterion 1: detail 1 false");
    }

    @Test
    void aReportWithoutLevelsDoesNotBreakIt() {
        // When
        List<String> lines = climb.observe(JSON.createObjectNode().put("level", 2), Duration.ofSeconds(1));

        // Then: the levels are named as well as they can be
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).isNotBlank());
        assertThat(climb.level()).isEqualTo(2);
    }

    /**
     * A maturity report as posture writes it: level {@code level}, each level with its service's readiness and one
     * criterion of its own.
     */
    static ObjectNode report(int level, boolean... holds) {
        String[] names = {"one", "two", "three", "four", "five"};
        ObjectNode report = JSON.createObjectNode().put("level", level);
        ArrayNode levels = report.putArray("levels");
        for (int i = 0; i < holds.length; i++) {
            ObjectNode entry = levels.addObject()
                    .put("level", i + 1)
                    .put("name", "level " + names[i])
                    .put("service", "service-" + (i + 1))
                    .put("holds", holds[i]);
            entry.put("reason", holds[i] ? null : "criterion " + (i + 1) + ": detail " + (i + 1) + " false");
            ArrayNode criteria = entry.putArray("criteria");
            criteria.addObject()
                    .put("name", "service-" + (i + 1) + " is ready")
                    .put("holds", true)
                    .put("detail", "every readiness check is up")
                    .put("threshold", "true");
            criteria.addObject()
                    .put("name", "criterion " + (i + 1))
                    .put("holds", holds[i])
                    .put("detail", "detail " + (i + 1) + " " + holds[i])
                    .put("threshold", ">= 1");
            entry.putObject("evidence")
                    .putObject("service" + (i + 1))
                    .put("figure", i + 1)
                    .put("flag", holds[i]);
        }
        return report;
    }

    static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }
}
