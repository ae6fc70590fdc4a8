package io.apiguard.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.apiguard.common.events.TopicCatalog;
import io.apiguard.common.events.TopicSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The chart's Strimzi KafkaTopics are the Java topic catalogue ({@link TopicCatalog}): Helm cannot read Java, so the
 * chart's list is held to it here, names, partitions, cleanup policy, retention and every other config; and so is the
 * topics table of k8s/README.md.
 */
class KafkaTopicsChartTest {

    static final Path README = Path.of("README.md");
    /**
     * A row of the README's topics table: | `name` | partitions | `policy` | in words (`retention.ms`) | `k=v` ... |
     * what it carries |.
     */
    static final Pattern TABLE_ROW = Pattern.compile(
            "^\\| `(apiguard\\.[a-z.]+)` \\| (\\d+) \\| `(\\w+)` \\| [^`|]*\\(`(-?\\d+)`\\) \\|([^|]*)\\|[^|]*\\|$");

    static final Pattern EXTRA_CONFIG = Pattern.compile("`([a-z.]+)=([^`]+)`");

    private static KubernetesClient client;

    @BeforeAll
    static void parser() {
        // Only to parse the rendered YAML into objects; it never connects.
        client = new KubernetesClientBuilder().build();
    }

    @AfterAll
    static void closeParser() {
        client.close();
    }

    @Test
    void theRenderedKafkaTopicsAreExactlyTheCatalogueWithEveryConfig() {
        // When
        Map<String, GenericKubernetesResource> topics =
                kafkaTopics(render(template -> template.set("kafka.topics.create", true)));

        // Then
        assertThat(topics.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        TopicCatalog.all().stream().map(TopicSpec::name).toList());
        for (TopicSpec spec : TopicCatalog.all()) {
            GenericKubernetesResource topic = topics.get(spec.name());
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.<String>get("spec", "topicName")).isEqualTo(spec.name());
            assertThat(topic.<Number>get("spec", "partitions").intValue())
                    .as("partitions of %s", spec.name())
                    .isEqualTo(spec.partitions());
            Map<String, String> config = asText(topic.get("spec", "config"));
            assertThat(config.get("cleanup.policy"))
                    .as("cleanup.policy of %s", spec.name())
                    .isEqualTo(spec.cleanupPolicy().kafkaValue());
            assertThat(config.get("retention.ms"))
                    .as("retention.ms of %s", spec.name())
                    .isEqualTo(String.valueOf(spec.retentionMs()));
            assertThat(config).as("every config of %s", spec.name()).isEqualTo(spec.configs());
            assertThat(topic.<Number>get("spec", "replicas").intValue()).isEqualTo(3);
            assertThat(topic.getMetadata().getNamespace()).isEqualTo("apiguard");
            assertThat(topic.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", "apiguard-kafka")
                    .containsEntry("app.kubernetes.io/part-of", "apiguard")
                    .containsEntry("app.kubernetes.io/component", "kafka-topics");
        }
        assertThat(asText(topics.get("apiguard.inventory").get("spec", "config")))
                .containsEntry("cleanup.policy", "compact");
    }

    @Test
    void topicsAreDeclaredOnlyWhenAskedAndInTheClusterAndNamespaceNamed() {
        // By default: none (the chart then needs no Strimzi CRDs)
        assertThat(kafkaTopics(render(UnaryOperator.identity()))).isEmpty();

        // When
        Map<String, GenericKubernetesResource> topics =
                kafkaTopics(render(template -> template.set("kafka.topics.create", true)
                        .set("kafka.topics.cluster", "events")
                        .set("kafka.topics.namespace", "kafka")
                        .set("kafka.topics.replicas", 1)
                        .set("kafka.topics.specs.apiguard\\.calls.partitions", 12)));

        // Then
        assertThat(topics.values()).allSatisfy(topic -> {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "events");
            assertThat(topic.getMetadata().getNamespace()).isEqualTo("kafka");
            assertThat(topic.<Number>get("spec", "replicas").intValue()).isEqualTo(1);
        });
        assertThat(topics.get("apiguard.calls")
                        .<Number>get("spec", "partitions")
                        .intValue())
                .isEqualTo(12);
        assertThat(asText(topics.get("apiguard.calls").get("spec", "config")))
                .isEqualTo(TopicCatalog.spec("apiguard.calls").configs());
    }

    @Test
    void topicValuesTheSchemaRejectsFailTheRender() {
        assertThatThrownBy(() -> render(template -> template.set("kafka.topics.specs.apiguard\\.calls.partitions", 0)))
                .hasMessageContaining("/kafka/topics/specs/apiguard.calls/partitions");
        assertThatThrownBy(() -> render(template ->
                        template.set("kafka.topics.specs.apiguard\\.inventory.config.cleanup\\.policy", "forever")))
                .hasMessageContaining("/kafka/topics/specs/apiguard.inventory/config/cleanup.policy");
        assertThatThrownBy(() -> render(template -> template.set("kafka.topics.specs.other\\.topic.partitions", 1)))
                .hasMessageContaining("'other.topic' not allowed");
        assertThatThrownBy(() -> render(template -> template.set("kafka.topics.cluster", "")))
                .hasMessageContaining("/kafka/topics/cluster");
        assertThatThrownBy(() -> render(template -> template.set("kafka.topics.replicas", 0)))
                .hasMessageContaining("/kafka/topics/replicas");
    }

    @Test
    void theReadmesTopicsTableIsTheCatalogue() throws Exception {
        // Given
        Map<String, TopicSpec> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(README)) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.matches()) {
                Map<String, String> extra = new TreeMap<>();
                Matcher config = EXTRA_CONFIG.matcher(row.group(5));
                while (config.find()) {
                    extra.put(config.group(1), config.group(2));
                }
                Map<String, String> configs = new TreeMap<>(extra);
                configs.put("cleanup.policy", row.group(3));
                configs.put("retention.ms", row.group(4));
                documented.put(
                        row.group(1),
                        new TopicSpec(
                                row.group(1),
                                Integer.parseInt(row.group(2)),
                                TopicCatalog.spec(row.group(1)).cleanupPolicy(),
                                TopicCatalog.spec(row.group(1)).retention(),
                                extra));
                assertThat(configs)
                        .as("README row of %s", row.group(1))
                        .isEqualTo(TopicCatalog.spec(row.group(1)).configs());
            }
        }

        // Then
        assertThat(documented.keySet())
                .as("topics in k8s/README.md's table")
                .containsExactlyElementsOf(
                        TopicCatalog.all().stream().map(TopicSpec::name).toList());
        assertThat(documented.values()).containsExactlyElementsOf(TopicCatalog.all());
    }

    static List<HasMetadata> render(UnaryOperator<TemplateCommand> options) {
        String yaml = options.apply(new Helm(HelmChartTest.CHART)
                        .template()
                        .withName("apiguard")
                        .withNamespace("apiguard")
                        .withValuesFile(HelmChartTest.MANIFEST_VALUES.toAbsolutePath()))
                .call();
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
    }

    static Map<String, GenericKubernetesResource> kafkaTopics(List<HasMetadata> objects) {
        Map<String, GenericKubernetesResource> topics = new LinkedHashMap<>();
        objects.stream()
                .filter(object -> object.getKind().equals("KafkaTopic"))
                .forEach(object -> topics.put(object.getMetadata().getName(), (GenericKubernetesResource) object));
        return topics;
    }

    /** A KafkaTopic's config as Kafka reads it: every value as text. */
    static Map<String, String> asText(Map<String, Object> config) {
        Map<String, String> text = new TreeMap<>();
        config.forEach((key, value) -> text.put(
                key,
                value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                        ? String.valueOf(number.longValue())
                        : String.valueOf(value)));
        return text;
    }
}
