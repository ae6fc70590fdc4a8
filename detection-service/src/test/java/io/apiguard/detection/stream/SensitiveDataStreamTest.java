package io.apiguard.detection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.detectors.SensitiveDataDetector;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A response carrying card numbers, on an API that never returned any, becomes a detection on the real broker. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class SensitiveDataStreamTest {

    private StreamSupport stream;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connect() {
        stream = new StreamSupport();
    }

    @AfterEach
    void disconnect() {
        stream.close();
    }

    @Test
    void anApiThatStartsReturningCardNumbersIsDetected() throws Exception {
        // Given the test profile's baseline of 20 calls without card numbers, by one caller (one partition)
        String caller = "reader-" + run;
        String path = "/orders-" + run;
        long now = System.currentTimeMillis();
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(TestCalls.by(caller).at(now + i).plain("GET", path));
        }
        // When the next response carries card numbers
        ApiCallRecord leak =
                TestCalls.by(caller).at(now + 20).dataClasses("card-number").plain("GET", path);
        calls.add(leak);
        stream.publishAll(calls);

        // Then
        Detection detection =
                stream.await(d -> caller.equals(d.subject()) && SensitiveDataDetector.NEW_CLASS_TYPE.equals(d.type()));
        assertThat(detection.owaspCategory()).isEqualTo("API3:2023");
        assertThat(detection.evidence().callIds()).contains(leak.id().toString());
        assertThat(detection.evidence().summary())
                .contains("card-number")
                .contains(leak.api().apiId());
    }
}
