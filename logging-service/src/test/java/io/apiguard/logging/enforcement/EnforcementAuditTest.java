package io.apiguard.logging.enforcement;

import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.EnforcementEvent;
import io.apiguard.common.events.EnforcementEventKind;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Enforcement's events become audit records, once each; a poison message goes to the DLQ. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class EnforcementAuditTest {

    @Test
    void rulesAndPushesAreKeptOnceEachAndSearchable() throws Exception {
        // Given
        String ruleId = "rule-" + UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EnforcementRule rule = new EnforcementRule(
                ruleId,
                new EnforcementRule.Match("mallory@acme.example", null, null, null, null, null, null),
                RuleAction.BLOCK,
                null,
                "object enumeration",
                "det-1",
                "policy",
                created,
                created.plus(1, ChronoUnit.HOURS),
                RuleMode.ENFORCE);
        EnforcementEvent createdEvent = new EnforcementEvent(EnforcementEventKind.RULE_CREATED, rule, 7, null, created);
        EnforcementEvent pushed = new EnforcementEvent(
                EnforcementEventKind.RULE_SET_PUSHED, null, 7, "payments/accounts-0", created.plusMillis(300));
        String poison = "{\"kind\": \"rule-created\"}";

        try (TopicReader deadLetters = new TopicReader(Topics.ENFORCEMENT_DLQ);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            // When: the creation is delivered twice (a producer retry), with a poison message between
            for (String value : new String[] {json(createdEvent), poison, json(createdEvent), json(pushed)}) {
                producer.send(new ProducerRecord<>(Topics.ENFORCEMENT, ruleId, value))
                        .get();
            }

            // Then
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .queryParam("ruleId", ruleId)
                            .get("/api/v1/audit/enforcement")
                            .then()
                            .statusCode(200)
                            .body("$", hasSize(1))
                            .body("[0].kind", org.hamcrest.Matchers.equalTo("rule-created"))
                            .body("[0].rule.match.subject", org.hamcrest.Matchers.equalTo("mallory@acme.example")));
            asViewer()
                    .queryParam("subject", "mallory@acme.example")
                    .get("/api/v1/audit/enforcement")
                    .then()
                    .statusCode(200)
                    .body("rule.id", org.hamcrest.Matchers.hasItem(ruleId));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .queryParam("kind", "rule-set-pushed")
                            .get("/api/v1/audit/enforcement")
                            .then()
                            .statusCode(200)
                            .body("sidecar", org.hamcrest.Matchers.hasItem("payments/accounts-0")));
            deadLetters.await(record -> record.value().equals(poison), 1);
        }
        asViewer()
                .queryParam("kind", "rule-deleted")
                .get("/api/v1/audit/enforcement")
                .then()
                .statusCode(400)
                .body("detail", containsString("kind must be one of"));
    }

    private static String json(EnforcementEvent event) throws Exception {
        return EventJson.mapper().writeValueAsString(event);
    }
}
