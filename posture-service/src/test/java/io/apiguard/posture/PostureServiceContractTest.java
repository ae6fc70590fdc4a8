package io.apiguard.posture;

import java.util.List;

import io.apiguard.testing.contract.ServiceContract;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(OidcIssuerResource.class)
class PostureServiceContractTest extends ServiceContract {

    PostureServiceContractTest() {
        super("posture-service", 3, List.of(
                "Reactive PostgreSQL connections health check",
                "Database connections health check",
                "Kafka connection health check"));
    }
}
