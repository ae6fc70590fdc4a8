package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.json.EventJson;

/** The wire format of every event, guarded by its golden JSON sample. */
class EventContractTest {

    private final ObjectMapper mapper = EventJson.mapper();

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void theGoldenSampleReadsIntoTheSampleBuiltInCode(EventContract contract) throws IOException {
        // Given
        JsonNode golden = golden(contract);

        // When
        Record read = mapper.treeToValue(golden, contract.payload());

        // Then: a field added to a record without a golden update (or the reverse) fails here
        assertThat(read).isEqualTo(EventSamples.of(contract));
    }

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void writingTheSampleGivesTheGoldenJson(EventContract contract) throws IOException {
        // When
        JsonNode written = mapper.readTree(mapper.writeValueAsString(EventSamples.of(contract)));

        // Then
        assertThat(written).isEqualTo(golden(contract));
    }

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void unknownFieldsFromANewerProducerAreIgnored(EventContract contract) throws IOException {
        // Given
        ObjectNode newer = (ObjectNode) golden(contract);
        newer.put("addedInV1_1", "a field this reader does not know");
        newer.putObject("nestedAddition").put("any", 1);

        // When
        Record read = mapper.treeToValue(newer, contract.payload());

        // Then
        assertThat(read).isEqualTo(EventSamples.of(contract));
    }

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void everyContractHasADistinctVersionedTypeAndAnApiguardTopic(EventContract contract) {
        assertThat(contract.type()).startsWith("io.apiguard.").endsWith(".v1");
        assertThat(contract.topic()).startsWith("apiguard.");
        assertThat(EventContract.ofType(contract.type())).contains(contract);
    }

    @Test
    void anUnknownTypeHasNoContract() {
        assertThat(EventContract.ofType("io.apiguard.unknown.v1")).isEmpty();
    }

    @Test
    void deadLetterTopicsFollowTheTopicName() {
        assertThat(Topics.deadLetter(Topics.CALLS)).isEqualTo("apiguard.calls.dlq");
        assertThat(Topics.CALLS_DLQ).isEqualTo("apiguard.calls.dlq");
        assertThat(EventTypes.source("logging-service")).isEqualTo("/apiguard/logging-service");
    }

    static Stream<WireValue> wireValues() {
        return Stream.of(MatchType.class, Exposure.class, ApiSource.class, ApiState.class, ChangeKind.class,
                PrincipalType.class, AuthMethod.class, DecisionOutcome.class, Severity.class, FindingState.class,
                DetectionState.class, RuleAction.class, RuleMode.class, EnforcementEventKind.class)
                .flatMap(type -> Arrays.stream(type.getEnumConstants()));
    }

    @ParameterizedTest
    @MethodSource("wireValues")
    void enumConstantsTravelAsTheirKebabCaseWireSpelling(WireValue value) throws IOException {
        // Given
        String expected = ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-');

        // When
        String json = mapper.writeValueAsString(value);

        // Then
        assertThat(json).isEqualTo("\"" + expected + "\"");
        assertThat(mapper.readValue(json, value.getClass())).isSameAs(value);
    }

    private static JsonNode golden(EventContract contract) throws IOException {
        String file = "/golden/" + contract.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
        try (InputStream in = EventContractTest.class.getResourceAsStream(file)) {
            assertThat(in).as("golden sample %s", file).isNotNull();
            return EventJson.mapper().readTree(in);
        }
    }
}
