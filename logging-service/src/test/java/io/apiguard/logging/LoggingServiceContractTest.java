package io.apiguard.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.status.LoggingFigures;
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
class LoggingServiceContractTest extends ServiceContract {

    LoggingServiceContractTest() {
        super(
                "logging-service",
                2,
                List.of(
                        "Reactive PostgreSQL connections health check",
                        "Database connections health check",
                        "Kafka connection health check"));
    }

    @Test
    void statusEvidenceParsesIntoLoggingFigures() {
        LoggingFigures logging = contractStatus().evidence().logging();

        assertThat(logging).as("evidence.logging").isNotNull();
        assertThat(logging.apisReportingShare()).isBetween(0.0, 1.0);
        assertThat(logging.individualIdentityShare()).isBetween(0.0, 1.0);
        assertThat(logging.individualCallsLastHour()).isLessThanOrEqualTo(logging.callsLastHour());
        assertThat(logging.apisReportingLastHour()).isLessThanOrEqualTo(logging.apisLive());
    }
}
