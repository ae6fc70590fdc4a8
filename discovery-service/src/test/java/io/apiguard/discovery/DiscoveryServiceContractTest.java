package io.apiguard.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.status.DiscoveryFigures;
import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.testing.contract.ServiceContract;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class DiscoveryServiceContractTest extends ServiceContract {

    DiscoveryServiceContractTest() {
        super(
                "discovery-service",
                1,
                List.of(
                        "Reactive PostgreSQL connections health check",
                        "Database connections health check",
                        "Kafka connection health check",
                        "ingress declarations"));
    }

    @Test
    void statusEvidenceParsesIntoDiscoveryFigures() {
        ServiceStatus<StatusEvidence> status = contractStatus();

        DiscoveryFigures discovery = status.evidence().discovery();
        assertThat(discovery).as("evidence.discovery").isNotNull();
        assertThat(discovery.source()).isIn("cluster", "offline", "starting");
        assertThat(discovery.apis())
                .isEqualTo(discovery.declared() + discovery.active() + discovery.shadow() + discovery.zombie());
        assertThat(discovery.declaredTrafficShare()).isBetween(0.0, 1.0);
        assertThat(status.evidence().leadership()).as("evidence.leadership").isNotNull();
        assertThat(status.evidence().leadership().since()).isNotNull();
    }
}
