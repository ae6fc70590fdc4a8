package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import io.apiguard.common.json.EventJson;

/** The closed vocabularies on the wire: exactly the spellings of DESIGN.md, in declaration order. */
class WireValuesTest {

    /** Written out rather than derived from the constant names, so renaming a constant cannot change the wire. */
    private static final Map<Class<? extends Enum<?>>, List<String>> VOCABULARIES = Map.ofEntries(
            Map.entry(MatchType.class, List.of("exact", "prefix", "implementation-specific")),
            Map.entry(Exposure.class, List.of("external", "internal")),
            Map.entry(ApiSource.class, List.of("ingress", "traffic", "spec")),
            Map.entry(ApiState.class, List.of("declared", "active", "shadow", "zombie")),
            Map.entry(OperationOrigin.class, List.of("spec", "traffic")),
            Map.entry(ChangeKind.class, List.of("upserted", "removed")),
            Map.entry(PrincipalType.class, List.of("user", "service", "anonymous", "unverified")),
            Map.entry(AuthMethod.class, List.of("jwt", "api-key", "mtls", "basic", "header", "none")),
            Map.entry(DecisionOutcome.class, List.of("allowed", "blocked", "monitored")),
            Map.entry(Severity.class, List.of("info", "low", "medium", "high", "critical")),
            Map.entry(FindingState.class, List.of("open", "acknowledged", "resolved", "suppressed")),
            Map.entry(DetectionState.class, List.of("open", "ongoing", "closed", "false-positive")),
            Map.entry(RuleAction.class, List.of("block", "rate-limit", "monitor")),
            Map.entry(RuleMode.class, List.of("monitor", "enforce")),
            Map.entry(RateKey.class, List.of("caller", "address", "operation", "api")),
            Map.entry(
                    EnforcementEventKind.class,
                    List.of("rule-created", "rule-changed", "rule-expired", "rule-set-pushed")),
            Map.entry(
                    OperatorActionKind.class,
                    List.of(
                            "finding-acknowledged",
                            "finding-unacknowledged",
                            "finding-suppressed",
                            "suppression-withdrawn",
                            "detection-marked-false-positive",
                            "allowlist-entry-withdrawn",
                            "rule-created",
                            "rule-changed",
                            "rule-expired")));

    private final ObjectMapper mapper = EventJson.mapper();

    static Stream<Arguments> vocabularies() {
        return VOCABULARIES.entrySet().stream()
                .map(entry -> Arguments.of(entry.getKey().getSimpleName(), entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void constantsTravelAsTheirDocumentedSpelling(String name, Class<? extends Enum<?>> type, List<String> wire)
            throws IOException {
        // Given
        Enum<?>[] constants = type.getEnumConstants();

        // When
        List<String> written = Arrays.stream(constants).map(this::write).toList();

        // Then
        assertThat(written)
                .containsExactlyElementsOf(
                        wire.stream().map(value -> "\"" + value + "\"").toList());
        for (Enum<?> constant : constants) {
            assertThat(((WireValue) constant).wire()).isEqualTo(wire.get(constant.ordinal()));
            assertThat(mapper.readValue(write(constant), type)).isSameAs(constant);
        }
    }

    @Test
    void aValueFromANewerVocabularyIsRefusedNotGuessed() {
        // Given: adding a constant is therefore a breaking change (see the package documentation)
        String json = "{\"id\":\"f\",\"ruleId\":\"r\",\"severity\":\"catastrophic\",\"state\":\"open\"}";

        // When / Then
        assertThatThrownBy(() -> mapper.readValue(json, PostureFinding.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("catastrophic");
    }

    @Test
    void theJavaNameIsNotAWireSpelling() {
        assertThatThrownBy(() -> mapper.readValue("\"API_KEY\"", AuthMethod.class))
                .isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void everyWireEnumOfTheEventsHasItsVocabularyWrittenOutHere() throws IOException, URISyntaxException {
        // Given: the compiled event classes, so a new enum cannot skip this test
        Path classes = Path.of(ApiState.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve(ApiState.class.getPackageName().replace('.', '/'));

        // When
        List<Class<?>> wireEnums;
        try (Stream<Path> files = Files.list(classes)) {
            wireEnums = files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".class") && !file.contains("$"))
                    .<Class<?>>map(file -> load(ApiState.class.getPackageName() + "." + file.replace(".class", "")))
                    .filter(type -> type.isEnum() && WireValue.class.isAssignableFrom(type))
                    .toList();
        }

        // Then
        assertThat(wireEnums).isNotEmpty().containsExactlyInAnyOrderElementsOf(VOCABULARIES.keySet());
    }

    private String write(Enum<?> constant) {
        try {
            return mapper.writeValueAsString(constant);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
