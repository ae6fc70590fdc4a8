package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Topic names, CloudEvents types and the contract table that ties them to the records. */
class EventCatalogTest {

    @ParameterizedTest
    @EnumSource(EventContract.class)
    void aContractIsFoundByItsTypeAndByItsTopic(EventContract contract) {
        // When / Then
        assertThat(contract.type()).matches("io\\.apiguard\\.[a-z.]+\\.v1");
        assertThat(contract.topic()).startsWith("apiguard.");
        assertThat(EventContract.ofType(contract.type())).contains(contract);
        assertThat(EventContract.ofTopic(contract.topic())).contains(contract);
        assertThat(contract.deadLetterTopic()).isEqualTo(contract.topic() + ".dlq");
    }

    @Test
    void everyTopicCarriesExactlyOneContract() {
        // Given
        Map<String, String> topics = constants(Topics.class);
        topics.keySet().removeIf(name -> name.endsWith("_DLQ"));
        // the collectors' raw topics carry pmacct's and Hubble's formats, not an apiguard event: detection's flow
        // adapters map them (their tests hold the formats), and what they publish is NETWORK's contract
        topics.keySet().removeAll(Set.of("NETWORK_PMACCT", "NETWORK_HUBBLE"));

        // When
        Map<String, EventContract> byTopic = Arrays.stream(EventContract.values())
                .collect(Collectors.toMap(EventContract::topic, Function.identity()));

        // Then: a new topic constant without a contract, or two contracts on one topic, fails here
        assertThat(byTopic.keySet()).containsExactlyInAnyOrderElementsOf(topics.values());
    }

    @Test
    void everyTypeConstantBelongsToOneContract() {
        // Given
        Map<String, String> types = constants(EventTypes.class);
        types.remove("SOURCE_PREFIX");

        // When / Then
        assertThat(Arrays.stream(EventContract.values()).map(EventContract::type))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(types.values());
    }

    @Test
    void deadLetterConstantsAreTheDeadLettersOfTheirTopic() {
        // Given
        Map<String, String> topics = constants(Topics.class);

        // When / Then
        topics.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("_DLQ"))
                .forEach(dlq -> {
                    String topic =
                            topics.get(dlq.getKey().substring(0, dlq.getKey().length() - "_DLQ".length()));
                    assertThat(dlq.getValue()).as(dlq.getKey()).isEqualTo(Topics.deadLetter(topic));
                });
        assertThat(Topics.CALLS_DLQ).isEqualTo("apiguard.calls.dlq");
    }

    @Test
    void theDesignTopicNamesAreSpelledOut() {
        assertThat(constants(Topics.class))
                .containsAllEntriesOf(Map.of(
                        "INVENTORY", "apiguard.inventory",
                        "CALLS", "apiguard.calls",
                        "CALLS_NORMALIZED", "apiguard.calls.normalized",
                        "FINDINGS", "apiguard.findings",
                        "DETECTIONS", "apiguard.detections",
                        "ENFORCEMENT", "apiguard.enforcement",
                        "NETWORK", "apiguard.network",
                        "AUDIT", "apiguard.audit"));
    }

    @Test
    void anUnknownTypeOrTopicHasNoContract() {
        assertThat(EventContract.ofType("io.apiguard.unknown.v1")).isEmpty();
        assertThat(EventContract.ofTopic(Topics.CALLS_DLQ)).isEmpty();
    }

    @Test
    void theCloudEventsSourceNamesTheProducingApp() {
        assertThat(EventTypes.source("logging-service")).isEqualTo("/apiguard/logging-service");
    }

    /** The public String constants of a class, by field name. */
    private static Map<String, String> constants(Class<?> holder) {
        return Arrays.stream(holder.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .collect(Collectors.toMap(Field::getName, EventCatalogTest::value));
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
