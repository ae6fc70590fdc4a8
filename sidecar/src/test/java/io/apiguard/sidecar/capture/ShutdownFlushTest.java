package io.apiguard.sidecar.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.sidecar.proxy.EchoUpstreamResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The shipper's shutdown path against a real HTTP receiver standing in for logging-service: what is queued when the
 * sidecar stops is delivered, each record once, within the flush timeout; a receiver that never answers ends the
 * drain on time, with the count of what was left.
 */
@QuarkusTest
@WithTestResource(value = EchoUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CollectorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class ShutdownFlushTest {

    @Inject
    CallShipper shipper;

    @ConfigProperty(name = "apiguard.test.collector")
    String collector;

    @AfterEach
    void receiverUp() {
        given().baseUri(collector).put("/mode/up").then().statusCode(200);
    }

    @Test
    void everyQueuedRecordIsDeliveredExactlyOnceBeforeTheSidecarExits() {
        // Given: records queued while logging-service was down, more than a batch (1000) of them
        String run = UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(collector).put("/mode/down").then().statusCode(200);
        List<ApiCallRecord> queued = IntStream.range(0, 2_500)
                .mapToObj(i -> record("/flush-" + run + "/" + i))
                .toList();
        queued.forEach(record -> assertThat(shipper.offer(record)).isTrue());
        given().baseUri(collector).put("/mode/up").then().statusCode(200);

        // When: the shutdown path
        CallShipper.Drained drained = shipper.drain(Duration.ofSeconds(20));

        // Then
        assertThat(drained.left()).isZero();
        assertThat(drained.delivered()).isGreaterThanOrEqualTo(0);
        Map<String, Long> received = receivedPaths(run);
        assertThat(received).hasSize(queued.size());
        assertThat(received.values()).allMatch(times -> times == 1L);
        assertThat(shipper.backlog()).isZero();
    }

    @Test
    void aReceiverThatNeverAnswersEndsTheDrainWithinItsBoundAndTheCountLeft() {
        // Given: logging-service takes the connection and never answers (the REST client's read timeout is 1 s)
        String run = UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(collector).put("/mode/hang").then().statusCode(200);
        IntStream.range(0, 30)
                .forEach(i -> assertThat(shipper.offer(record("/hang-" + run + "/" + i)))
                        .isTrue());

        // When
        long started = System.nanoTime();
        CallShipper.Drained drained = shipper.drain(Duration.ofMillis(700));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // Then: on time, and nothing pretends to be delivered
        assertThat(took).isLessThan(Duration.ofMillis(700 + 500));
        assertThat(drained.left()).isEqualTo(30);
        assertThat(drained.delivered()).isZero();

        // and once logging-service answers again, every one of them arrives, once
        given().baseUri(collector).put("/mode/up").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedPaths(run).size() == 30);
        assertThat(receivedPaths(run).values()).allMatch(times -> times == 1L);
    }

    private Map<String, Long> receivedPaths(String run) {
        List<String> paths = given().baseUri(collector)
                .get("/received")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("api.path", String.class);
        return paths.stream()
                .filter(path -> path.contains(run))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static ApiCallRecord record(String path) {
        return new ApiCallRecord(
                UUID.randomUUID(),
                Instant.now(),
                10,
                new ApiCallRecord.Api("api.example", "GET", path, null, null, null),
                null,
                null,
                Identity.anonymous(),
                200,
                0,
                0,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);
    }
}
