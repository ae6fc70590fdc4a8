package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** One spec per topic constant; the inventory alone is compacted; a spec refuses what Kafka would refuse. */
class TopicCatalogTest {

    @Test
    void theCatalogueHoldsExactlyTheTopicConstantsEachOnce() {
        // Given
        var constants = Arrays.stream(Topics.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(field -> {
                    try {
                        return (String) field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();

        // When / Then
        assertThat(TopicCatalog.all())
                .extracting(TopicSpec::name)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(constants);
        Arrays.stream(EventContract.values()).forEach(contract -> {
            assertThat(TopicCatalog.find(contract.topic())).as(contract.topic()).isPresent();
            assertThat(TopicCatalog.find(contract.deadLetterTopic()))
                    .as(contract.deadLetterTopic())
                    .isPresent();
        });
    }

    @Test
    void theInventoryIsCompactedAndEveryOtherTopicDeletesAfterItsRetention() {
        // When
        TopicSpec inventory = TopicCatalog.spec(Topics.INVENTORY);

        // Then
        assertThat(inventory.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(inventory.configs())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("retention.ms", "-1")
                .containsEntry("segment.ms", "3600000");
        assertThat(TopicCatalog.all())
                .filteredOn(spec -> !spec.name().equals(Topics.INVENTORY))
                .allSatisfy(
                        spec -> assertThat(spec.cleanupPolicy()).as(spec.name()).isEqualTo(CleanupPolicy.DELETE));
        assertThat(TopicCatalog.spec(Topics.CALLS).configs())
                .containsOnly(Map.entry("cleanup.policy", "delete"), Map.entry("retention.ms", "604800000"));
        assertThat(TopicCatalog.spec(Topics.CALLS).partitions()).isEqualTo(3);
        assertThat(TopicCatalog.spec(Topics.CALLS_DLQ).partitions()).isEqualTo(1);
        assertThat(TopicCatalog.spec(Topics.INVENTORY_DLQ).retention()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void overridesGoOnTopOfTheSpecAndKeepWhatTheyDoNotName() {
        // When
        Map<String, String> configs =
                TopicCatalog.spec(Topics.INVENTORY).configs(Map.of("retention.ms", "100", "segment.ms", "100"));

        // Then
        assertThat(configs)
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("retention.ms", "100")
                .containsEntry("segment.ms", "100");
    }

    @Test
    void aSpecKafkaWouldRefuseIsRefusedHere() {
        assertThatThrownBy(() -> TopicSpec.deleting("apiguard.x", 0, Duration.ofDays(1)))
                .hasMessageContaining("at least one partition");
        assertThatThrownBy(() -> TopicSpec.deleting("apiguard.x", 1, Duration.ZERO))
                .hasMessageContaining("positive retention");
        assertThatThrownBy(() -> TopicSpec.deleting(" ", 1, Duration.ofDays(1))).hasMessageContaining("name");
        assertThatThrownBy(() -> TopicSpec.compacted("apiguard.x", 1, Map.of("cleanup.policy", "delete")))
                .hasMessageContaining("field of the spec");
        assertThatThrownBy(() -> TopicCatalog.spec("apiguard.unknown")).hasMessageContaining("not an apiguard topic");
        assertThat(TopicCatalog.find("apiguard.unknown")).isEmpty();
    }
}
