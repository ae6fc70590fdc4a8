package io.apiguard.logging.redaction;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.json;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Topics;
import io.apiguard.logging.TestCalls;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The {@link SecretCorpus} through the real paths in (a gateway's batch over HTTP, and {@code apiguard.calls}), looked
 * for where an auditor or a consumer would find it: every column of the stored rows ({@code row_to_json}) and the raw
 * messages of {@code apiguard.calls.normalized}.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class RedactionCorpusTest {

    @Test
    void noSecretOfTheCorpusIsFoundInAStoredRowOrOnTheStream() throws Exception {
        // Given: the corpus twice, once per way in
        List<SecretCorpus.Placement> overHttp = SecretCorpus.placements();
        List<SecretCorpus.Placement> onTheTopic = SecretCorpus.placements();
        List<SecretCorpus.Placement> all = new ArrayList<>(overHttp);
        all.addAll(onTheTopic);

        try (TopicReader topic = new TopicReader(Topics.CALLS_NORMALIZED);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            // When
            asWorkload(LocalIssuer.Workload.pod("ingress", "gateway", "gateway-0"))
                    .urlEncodingEnabled(false)
                    .contentType(ContentType.JSON)
                    .body(json(
                            overHttp.stream().map(SecretCorpus.Placement::call).toList()))
                    .post(BATCH)
                    .then()
                    .statusCode(202);
            for (SecretCorpus.Placement placement : onTheTopic) {
                producer.send(new ProducerRecord<>(Topics.CALLS, "gw", TestCalls.json(placement.call())))
                        .get();
            }

            // Then
            List<TopicReader.Received> events = topic.await(
                    event -> all.stream()
                            .anyMatch(placement ->
                                    event.value().contains(placement.call().id().toString())),
                    all.size(),
                    Duration.ofSeconds(60));
            int inRows = 0;
            int inKafka = 0;
            List<String> leaks = new ArrayList<>();
            for (SecretCorpus.Placement placement : all) {
                ApiCallRecord call = placement.call();
                String row = TestCalls.row(call.id());
                assertThat(row).as(placement.where() + " is stored").isNotNull();
                String event = events.stream()
                        .filter(received -> received.value().contains(call.id().toString()))
                        .findFirst()
                        .orElseThrow()
                        .value();
                for (String needle : placement.needles()) {
                    if (row.contains(needle)) {
                        inRows++;
                        leaks.add(placement.where() + " row: " + needle);
                    }
                    if (event.contains(needle)) {
                        inKafka++;
                        leaks.add(placement.where() + " kafka: " + needle);
                    }
                }
            }
            System.out.printf(
                    "redaction corpus: %d secrets, %d found in stored rows, %d in Kafka%n",
                    SecretCorpus.size(all), inRows, inKafka);
            assertThat(leaks).isEmpty();
        }
    }
}
