package io.apiguard.logging.ingest;

import static io.apiguard.logging.TestCalls.BATCH;
import static io.apiguard.logging.TestCalls.gatewayCall;
import static io.apiguard.logging.TestCalls.json;
import static io.apiguard.logging.TestCalls.stored;
import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.Topics;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Headers only a trusted proxy may set (the upstream user, the client certificate's subject) are believed when the
 * batch came over a connection from a trusted proxy: this profile trusts the loopback addresses the tests connect
 * from, where the default one does not (see {@code CallIngestionTest}). Records on {@code apiguard.calls} come over no
 * connection, so no proxy is trusted for them even here.
 */
@QuarkusTest
@TestProfile(TrustedProxyIngestTest.LoopbackIsATrustedProxy.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class TrustedProxyIngestTest {

    /** The tests' own connections come from a trusted proxy. */
    public static class LoopbackIsATrustedProxy implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("apiguard.identity.trusted-proxies", "127.0.0.0/8,::1/128");
        }
    }

    @Test
    void headerIdentitiesAreBelievedFromATrustedConnectionWhateverTheRecordSaysItsClientIs() {
        // Given: the records name an untrusted client address; what counts is who handed over the batch
        ApiCallRecord upstream =
                gatewayCall("api.example", "/p/1", "203.0.113.9", Map.of("x-forwarded-user", "grace@acme.example"));
        ApiCallRecord certificate = gatewayCall(
                "api.example", "/p/2", "203.0.113.9", Map.of("ssl-client-subject-dn", "CN=billing-batch,O=payments"));

        // When
        asWorkload(LocalIssuer.Workload.pod("ingress", "gateway", "gateway-0"))
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(json(List.of(upstream, certificate)))
                .post(BATCH)
                .then()
                .statusCode(202);

        // Then
        assertThat(stored(upstream.id()).call().identity())
                .extracting(Identity::subject, Identity::authMethod)
                .containsExactly("grace@acme.example", AuthMethod.HEADER);
        assertThat(stored(certificate.id()).call().identity())
                .extracting(Identity::subject, Identity::authMethod)
                .containsExactly("billing-batch", AuthMethod.MTLS);
    }

    @Test
    void onTheTopicNoProxyIsTrustedSinceThereIsNoConnection() throws Exception {
        // Given: the record even claims a loopback client
        ApiCallRecord upstream =
                gatewayCall("gw.example", "/p/3", "127.0.0.1", Map.of("x-forwarded-user", "grace@acme.example"));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            // When
            producer.send(new ProducerRecord<>(Topics.CALLS, "127.0.0.1", json(upstream)))
                    .get();
        }

        // Then
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stored(upstream.id())).isNotNull());
        assertThat(stored(upstream.id()).call().identity()).isEqualTo(Identity.anonymous());
    }
}
