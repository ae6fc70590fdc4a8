package io.apiguard.posture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.status.PostureFigures;
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
class PostureServiceContractTest extends ServiceContract {

    PostureServiceContractTest() {
        super(
                "posture-service",
                3,
                List.of(
                        "Reactive PostgreSQL connections health check",
                        "Database connections health check",
                        "Kafka connection health check"));
    }

    @Test
    void statusEvidenceParsesIntoPostureFigures() {
        PostureFigures posture = contractStatus().evidence().posture();

        assertThat(posture).as("evidence.posture").isNotNull();
        assertThat(posture.rules()).isPositive();
        assertThat(posture.apisEvaluatedRecently()).isLessThanOrEqualTo(posture.apis());
        assertThat(posture.evaluatedShare()).isBetween(0.0, 1.0);
        assertThat(posture.lastFullEvaluation()).isNotBlank();
        assertThat(posture.callsUnmapped()).isLessThanOrEqualTo(posture.callsCounted());
    }
}
