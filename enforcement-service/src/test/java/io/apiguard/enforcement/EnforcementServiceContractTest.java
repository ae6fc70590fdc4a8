package io.apiguard.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.status.EnforcementFigures;
import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.testing.contract.ServiceContract;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.apiguard.testing.rules.RuleSetKeysResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RuleSetKeysResource.class, scope = TestResourceScope.GLOBAL)
class EnforcementServiceContractTest extends ServiceContract {

    EnforcementServiceContractTest() {
        super(
                "enforcement-service",
                5,
                List.of(
                        "Reactive PostgreSQL connections health check",
                        "Database connections health check",
                        "Kafka connection health check"));
    }

    @Test
    void statusEvidenceParsesIntoEnforcementFigures() {
        ServiceStatus<StatusEvidence> status = contractStatus();

        EnforcementFigures enforcement = status.evidence().enforcement();
        assertThat(enforcement).as("evidence.enforcement").isNotNull();
        assertThat(enforcement.sidecarsLive()).isLessThanOrEqualTo(enforcement.sidecarsKnown());
        assertThat(enforcement.sidecarsEnforcing()).isLessThanOrEqualTo(enforcement.sidecarsLive());
        assertThat(enforcement.sidecarsCurrentShare()).isBetween(0.0, 1.0);
        assertThat(enforcement.externalApisCovered()).isLessThanOrEqualTo(enforcement.externalApis());
        assertThat(enforcement.externalApisCoveredShare()).isBetween(0.0, 1.0);
        assertThat(status.evidence().leadership()).as("evidence.leadership").isNotNull();
    }
}
