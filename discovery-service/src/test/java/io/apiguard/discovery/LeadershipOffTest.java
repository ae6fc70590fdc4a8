package io.apiguard.discovery;

import static io.apiguard.testing.contract.Management.management;
import static io.apiguard.testing.oidc.Tokens.asViewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesRegex;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;

import io.apiguard.support.leader.LeadershipChange;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * With leader election off (the default: a local run, a single replica) discovery always leads, says so, and takes the
 * lead at its start: the takeover announces its whole inventory, which heals a broker that lost it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class LeadershipOffTest {

    @Test
    void withoutElectionThisReplicaLeadsAndTheStatusAndTheGaugeSaySo() {
        asViewer()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .body("evidence.leadership.electionEnabled", equalTo(false))
                .body("evidence.leadership.leader", equalTo(true))
                .body("evidence.leadership.lease", equalTo("discovery-service"));
        management()
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(matchesRegex("(?s).*\\napiguard_leader\\{lease=\"discovery-service\",?} 1\\.0\\n.*"));
    }

    @Test
    void withoutElectionThisReplicaTakesTheLeadAtItsStart() {
        await().atMost(Duration.ofSeconds(10)).until(() -> Changes.seen.stream().anyMatch(LeadershipChange::leading));
    }

    /** Notes every leadership change this app fires. */
    @ApplicationScoped
    static class Changes {

        static final List<LeadershipChange> seen = new CopyOnWriteArrayList<>();

        void on(@Observes LeadershipChange change) {
            seen.add(change);
        }
    }
}
