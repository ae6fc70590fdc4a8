package io.apiguard.common.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.json.EventJson;

/**
 * The status contract against golden samples ({@code golden/status/<service>.json}, shaped as the services write
 * them): each parses into its record, and a sample without a figure a maturity criterion reads does not parse at all.
 */
class StatusContractTest {

    private static final TypeReference<ServiceStatus<StatusEvidence>> STATUS = new TypeReference<>() {};

    @Test
    void discoveryWithItsLeadership() {
        ServiceStatus<StatusEvidence> status = read(golden("discovery-service"));

        assertThat(status.service()).isEqualTo("discovery-service");
        assertThat(status.level()).isEqualTo(1);
        assertThat(status.ready()).isTrue();
        assertThat(status.downDependencies()).isEmpty();
        assertThat(status.evidenceErrors()).isEmpty();
        assertThat(status.checkedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(status.evidence().discovery())
                .isEqualTo(new DiscoveryFigures("cluster", true, 4, 1, 2, 1, 0, 440, 430, 0.9772727272727273, 2, 1));
        assertThat(status.evidence().leadership())
                .isEqualTo(new LeadershipFigures(
                        true,
                        true,
                        "discovery-0",
                        "discovery-service",
                        "discovery-0",
                        Instant.parse("2026-11-22T10:00:00Z")));
        assertThat(status.evidence().logging()).isNull();
    }

    @Test
    void loggingDetectionEnforcementPostureAndSidecar() {
        assertThat(read(golden("logging-service")).evidence().logging())
                .isEqualTo(new LoggingFigures(120.5, 1_000, 930, 0.93, 20, 19, 0.95));
        assertThat(read(golden("detection-service")).evidence().detection())
                .isEqualTo(new DetectionFigures(1.2, -1, 6, 7, 50.5, 1_000, 0, 2, List.of(0, 1, 2), 1, 3, 0));
        assertThat(read(golden("enforcement-service")).evidence().enforcement())
                .isEqualTo(new EnforcementFigures(7, 4, 3, 3, 2, 1.0, 5, 4, 0.8));
        assertThat(read(golden("sidecar")).evidence().sidecar())
                .isEqualTo(new SidecarFigures(12, "sha256:5f1c0a9e", 3, true, "enforce"));
        assertThat(read(golden("posture-service")).evidence().posture())
                .isEqualTo(
                        new PostureFigures(18, 10, 10, 1.0, "never", Map.of("open", 2L, "resolved", 5L), 0, 1, 12, 1));
    }

    @Test
    void aRecordWrittenAndReadBackIsTheSame() throws IOException {
        ServiceStatus<StatusEvidence> status = read(golden("discovery-service"));

        String written = EventJson.mapper().writeValueAsString(status);

        assertThat(read((ObjectNode) EventJson.mapper().readTree(written))).isEqualTo(status);
        assertThat(written).doesNotContain("\"logging\"").doesNotContain("null");
    }

    @Test
    void aContributorThatFailedIsNamedInEvidenceErrors() {
        ObjectNode sample = golden("logging-service");
        sample.putObject("evidence");
        sample.putObject("evidenceErrors").put("logging", "no answer within PT2S");

        ServiceStatus<StatusEvidence> status = read(sample);

        assertThat(status.evidence().logging()).isNull();
        assertThat(status.evidenceErrors()).containsExactly(Map.entry("logging", "no answer within PT2S"));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFigures")
    void aSampleWithoutAFigureACriterionReadsDoesNotParse(String service, String entry, String figure) {
        ObjectNode sample = golden(service);
        ((ObjectNode) sample.path("evidence").path(entry)).remove(figure);

        assertThatThrownBy(() -> EventJson.mapper()
                        .treeToValue(sample, EventJson.mapper().constructType(STATUS)))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining(figure);
    }

    @Test
    void everyCriterionFigureIsRequired() {
        assertThat(requiredFigures())
                .extracting(arguments -> (String) arguments.get()[2])
                .containsExactlyInAnyOrder(
                        "informerSynced",
                        "declaredTrafficShare",
                        "individualIdentityShare",
                        "apisReportingShare",
                        "consumerLagSeconds",
                        "detectorsEnabled",
                        "detectorsTotal",
                        "sidecarsEnforcing",
                        "sidecarsCurrentShare",
                        "externalApisCoveredShare");
    }

    /** Every {@code required} component of the records posture's criteria read, with the sample that carries it. */
    static List<Arguments> requiredFigures() {
        return Stream.of(
                        Arguments.of("discovery-service", "discovery", DiscoveryFigures.class),
                        Arguments.of("logging-service", "logging", LoggingFigures.class),
                        Arguments.of("detection-service", "detection", DetectionFigures.class),
                        Arguments.of("enforcement-service", "enforcement", EnforcementFigures.class))
                .flatMap(arguments -> Arrays.stream(((Class<?>) arguments.get()[2]).getRecordComponents())
                        .filter(StatusContractTest::required)
                        .map(component ->
                                Arguments.of(arguments.get()[0], arguments.get()[1], component.getName())))
                .toList();
    }

    /** Jackson's annotation does not target record components: javac puts it on the accessor (and field, parameter). */
    private static boolean required(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && property.required();
    }

    private static ServiceStatus<StatusEvidence> read(JsonNode sample) {
        try {
            return EventJson.mapper().treeToValue(sample, EventJson.mapper().constructType(STATUS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode golden(String service) {
        String file = "/golden/status/" + service + ".json";
        try (InputStream in = StatusContractTest.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            return (ObjectNode) EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
