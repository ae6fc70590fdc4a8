package io.apiguard.discovery;

import java.util.List;

import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.contract.ServiceContract;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(OidcIssuerResource.class)
class DiscoveryServiceContractTest extends ServiceContract {

    DiscoveryServiceContractTest() {
        super("discovery-service", 1, List.of(
                "Reactive PostgreSQL connections health check",
                "Database connections health check",
                "Kafka connection health check",
                "ingress declarations"));
    }
}
