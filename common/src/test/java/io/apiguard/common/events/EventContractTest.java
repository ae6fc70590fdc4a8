package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.apiguard.common.json.EventJson;

/** The wire format of every event, guarded by its golden JSON sample. */
class EventContractTest {

    /**
     * Fields no single realistic sample sets, with the reason. Everything else must appear in a golden file, so a new
     * field that a sample leaves null still fails until someone decides.
     */
    private static final Map<String, String> NOT_IN_ANY_SAMPLE = Map.of(
            "EnforcementRule.ratePerSecond", "the sample rule blocks; a rate belongs to rate-limit rules only",
            "EnforcementRule.rateKey", "the sample rule blocks; a rate key belongs to rate-limit rules only",
            "EnforcementRule.Match.credentialFingerprint", "the sample rule matches the subject, not one credential",
            "EnforcementRule.Match.clientCidr", "blocking a subject by address would let him move to another",
            "EnforcementRule.Match.payloadSignature", "the enumeration has no payload to sign",
            "EnforcementEvent.sidecar", "only rule-set-pushed events name a sidecar",
            "Identity.claimedSubject", "only unverified callers carry it; the sample's caller is verified",
            "ApiEndpoint.Spec.error", "the sample's spec was read; an unreadable one carries no title or version");

    private final ObjectMapper mapper = EventJson.mapper();

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void theGoldenSampleReadsIntoTheSampleBuiltInCode(EventContract contract) throws IOException {
        // Given
        JsonNode golden = Golden.of(contract);

        // When
        Record read = mapper.treeToValue(golden, contract.payload());

        // Then: a field added to a record without a golden update (or the reverse) fails here
        assertThat(read).isEqualTo(EventSamples.of(contract));
    }

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void readingTheGoldenSampleAndWritingItBackGivesTheSameJson(EventContract contract) throws IOException {
        // Given
        JsonNode golden = Golden.of(contract);

        // When
        JsonNode written = mapper.readTree(mapper.writeValueAsString(mapper.treeToValue(golden, contract.payload())));

        // Then
        assertThat(written).isEqualTo(golden);
    }

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void writingTheSampleBuiltInCodeGivesTheGoldenJson(EventContract contract) throws IOException {
        // When
        JsonNode written = mapper.readTree(mapper.writeValueAsString(EventSamples.of(contract)));

        // Then
        assertThat(written).isEqualTo(Golden.of(contract));
    }

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void unknownFieldsFromANewerProducerAreIgnored(EventContract contract) throws IOException {
        // Given: additions at the top level and inside every nested record
        ObjectNode newer = Golden.of(contract);
        newer.put("addedInV1_1", "a field this reader does not know");
        newer.putObject("nestedAddition").put("any", 1);
        addToNestedRecords(contract.payload(), newer);

        // When
        Record read = mapper.treeToValue(newer, contract.payload());

        // Then
        assertThat(read).isEqualTo(EventSamples.of(contract));
    }

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void eventsWrittenWithNullsByAQuarkusDefaultMapperReadTheSame(EventContract contract) throws IOException {
        // Given: Quarkus's defaults write null fields instead of leaving them out
        ObjectMapper quarkusDefaults = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        String withNulls = quarkusDefaults.writeValueAsString(EventSamples.of(contract));

        // When
        Record read = mapper.readValue(withNulls, contract.payload());

        // Then
        assertThat(read).isEqualTo(EventSamples.of(contract));
        assertThat(quarkusDefaults.readValue(mapper.writeValueAsString(read), contract.payload()))
                .isEqualTo(read);
    }

    @Test
    void everyFieldOfEveryEventAppearsInAGoldenSample() {
        // Given
        Set<String> declared = new TreeSet<>();
        Set<String> inSamples = new TreeSet<>();

        // When
        for (EventContract contract : EventContract.values()) {
            collectComponents(contract.payload(), declared);
            collectPresent(contract.payload(), Golden.of(contract), inSamples);
        }

        // Then
        declared.removeAll(inSamples);
        assertThat(declared)
                .as("fields no golden sample shows; set them in EventSamples and the golden file, or list them with"
                        + " a reason in NOT_IN_ANY_SAMPLE")
                .containsExactlyInAnyOrderElementsOf(NOT_IN_ANY_SAMPLE.keySet());
    }

    @Test
    void aNetworkFlowWrittenBeforePacketsCollectorAndWorkloadsReadsWithTheirDefaults() throws IOException {
        // Given: a v1.0 producer's flow, without the fields v1.1 added
        ObjectNode v10 = Golden.of(EventContract.NETWORK_FLOW);
        v10.remove(List.of("packetsSent", "collector", "sourceWorkload", "destinationWorkload"));

        // When
        NetworkFlow read = mapper.treeToValue(v10, NetworkFlow.class);

        // Then: the same flow as the v1.0 constructor builds
        NetworkFlow sample = (NetworkFlow) EventSamples.of(EventContract.NETWORK_FLOW);
        assertThat(read)
                .isEqualTo(new NetworkFlow(
                        sample.sourceIp(),
                        sample.sourcePort(),
                        sample.destinationIp(),
                        sample.destinationPort(),
                        sample.protocol(),
                        sample.bytesSent(),
                        sample.bytesReceived(),
                        sample.start(),
                        sample.end()));
        assertThat(read.packetsSent()).isZero();
        assertThat(read.collector()).isNull();
        assertThat(read.sourceWorkload()).isNull();
    }

    private static void addToNestedRecords(Class<?> type, JsonNode node) {
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode value = node.get(component.getName());
            if (value == null || value.isNull()) {
                continue;
            }
            recordType(component).ifPresent(nested -> {
                for (JsonNode element : value.isArray() ? value : List.of(value)) {
                    ((ObjectNode) element).put("alsoAdded", true);
                    addToNestedRecords(nested, element);
                }
            });
        }
    }

    /** Every component reachable from {@code type}, as {@code Record.component} or {@code Record.Nested.component}. */
    private static void collectComponents(Class<?> type, Set<String> out) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (out.add(name(type, component))) {
                recordType(component).ifPresent(nested -> collectComponents(nested, out));
            }
        }
    }

    /** Every component that has a non-null value in {@code node}, descending into nested records and their lists. */
    private static void collectPresent(Class<?> type, JsonNode node, Set<String> out) {
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode value = node.get(component.getName());
            if (value == null || value.isNull()) {
                continue;
            }
            out.add(name(type, component));
            recordType(component).ifPresent(nested -> {
                for (JsonNode element : value.isArray() ? value : List.of(value)) {
                    collectPresent(nested, element, out);
                }
            });
        }
    }

    /** The record a component holds, directly or as the element of a list. */
    private static Optional<Class<?>> recordType(RecordComponent component) {
        Type type = component.getGenericType();
        if (type instanceof ParameterizedType parameterized
                && parameterized.getRawType() == List.class
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            type = element;
        }
        return type instanceof Class<?> c && c.isRecord() ? Optional.of(c) : Optional.empty();
    }

    private static String name(Class<?> type, RecordComponent component) {
        String simple =
                type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
        return simple + "." + component.getName();
    }
}
