package io.apiguard.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.status.DetectionFigures;
import io.apiguard.testing.contract.ServiceContract;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class DetectionServiceContractTest extends ServiceContract {

    DetectionServiceContractTest() {
        super(
                "detection-service",
                4,
                List.of(
                        "Reactive PostgreSQL connections health check",
                        "Database connections health check",
                        "Kafka connection health check"));
    }

    @Test
    void statusEvidenceParsesIntoDetectionFigures() {
        DetectionFigures detection = contractStatus().evidence().detection();

        assertThat(detection).as("evidence.detection").isNotNull();
        assertThat(detection.detectorsTotal()).isPositive();
        assertThat(detection.detectorsEnabled()).isBetween(0L, detection.detectorsTotal());
        assertThat(detection.consumerLagSeconds()).isGreaterThanOrEqualTo(0.0);
        assertThat(detection.partitionsAssigned()).isSorted();
    }
}
