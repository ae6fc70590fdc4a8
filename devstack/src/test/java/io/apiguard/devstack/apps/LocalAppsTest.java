package io.apiguard.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.apiguard.devstack.config.LocalPorts;
import io.apiguard.devstack.config.StackOptions;

class LocalAppsTest {

    private final StackOptions options =
            StackOptions.parse(Map.of("PGPASSWORD", "pw"), "--root", "/repo", "--pg-port", "6543");

    @Test
    void theServicesGetTheirDesignPortsAndTheirOwnDatabase() {
        // When
        List<AppSpec> apps = LocalApps.of(options, "127.0.0.1:9092");

        // Then
        assertThat(apps)
                .extracting(app -> app.name() + ":" + app.port())
                .containsExactly(
                        "discovery-service:8081",
                        "logging-service:8082",
                        "posture-service:8083",
                        "detection-service:8084",
                        "enforcement-service:8085",
                        "sidecar:8091");
        assertThat(apps.get(1).jar()).isEqualTo(Path.of("/repo/logging-service/target/quarkus-app/quarkus-run.jar"));
        assertThat(apps.get(1).properties())
                .containsEntry("quarkus.http.port", "8082")
                .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:6543/apiguard_logging")
                .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:6543/apiguard_logging")
                .containsEntry("quarkus.datasource.username", "postgres");
        // readiness is asked of the management interface, 1000 above the HTTP port
        assertThat(apps.get(1).readinessUrl()).hasToString("http://127.0.0.1:9082/q/health/ready");
        assertThat(apps.get(1).properties())
                .containsEntry("quarkus.management.port", "9082")
                .containsEntry("quarkus.management.host", "127.0.0.1");
    }

    @Test
    void postureReadsTheStatusOfEveryServiceOnThePortsOfThisRun() {
        // Given ports other than the defaults, as the end-to-end tests use
        StackOptions moved = new StackOptions(
                options.paths(),
                new LocalPorts(20_000, 20_001, 20_002, 20_003, 20_004, 20_005, 20_006, 20_007, 20_008, 20_009),
                options.postgres(),
                options.readyTimeout(),
                false);

        // When
        AppSpec posture = LocalApps.of(moved, "127.0.0.1:20008").get(2);

        // Then
        assertThat(posture.properties())
                .containsEntry("quarkus.rest-client.discovery.url", "http://127.0.0.1:20000")
                .containsEntry("quarkus.rest-client.logging.url", "http://127.0.0.1:20001")
                .containsEntry("quarkus.rest-client.detection.url", "http://127.0.0.1:20003")
                .containsEntry("quarkus.rest-client.enforcement.url", "http://127.0.0.1:20004");
    }

    @Test
    void thePasswordTravelsInTheEnvironmentNotOnTheCommandLine() {
        // When
        AppSpec logging = LocalApps.of(options, "127.0.0.1:9092").get(1);

        // Then
        assertThat(logging.environment()).containsEntry("QUARKUS_DATASOURCE_PASSWORD", "pw");
        assertThat(AppProcess.javaCommand(logging.jar(), logging.properties())).noneMatch(arg -> arg.contains("pw"));
    }

    @Test
    void theSidecarFrontsTheDemoApiAndListensOnLoopbackOnly() {
        // When
        AppSpec sidecar = LocalApps.of(options, "127.0.0.1:9092").get(5);

        // Then
        assertThat(sidecar.properties())
                .containsEntry("quarkus.http.port", "8091")
                .containsEntry("apiguard.sidecar.proxy-port", "8090")
                .containsEntry("apiguard.sidecar.proxy-host", "127.0.0.1")
                .containsEntry("quarkus.http.host", "127.0.0.1")
                .containsEntry("apiguard.sidecar.upstream", "http://127.0.0.1:8095")
                .doesNotContainKey("kafka.bootstrap.servers");
    }

    @Test
    void everyAppVerifiesTheLocalIssuersTokensAndPresentsItsOwn() {
        // When
        List<AppSpec> apps = LocalApps.of(options, "127.0.0.1:9092");

        // Then: the same code path as a cluster's, with the local issuer in the provider's place
        for (AppSpec app : apps) {
            assertThat(app.properties())
                    .containsEntry("quarkus.oidc.auth-server-url", "http://127.0.0.1:8089/realms/operators")
                    .containsEntry("quarkus.oidc.workload.auth-server-url", "http://127.0.0.1:8089/realms/cluster")
                    .containsEntry(
                            "apiguard.security.workloads.token-file", "/repo/.local/tokens/workloads/" + app.name())
                    .containsEntry("apiguard.security.workloads.viewers", "local/apiguard-posture");
        }
        assertThat(apps.get(4).properties())
                .containsEntry(
                        "apiguard.enforcement.signing.private-key-file", "/repo/.local/keys/rule-set-signing.pem")
                .containsEntry("apiguard.enforcement.signing.key-id", "local-1")
                .containsEntry("apiguard.enforcement.discovery.admin-port", "8091");
        assertThat(apps.get(5).properties())
                .containsEntry("apiguard.sidecar.enforcement.verification-keys-dir", "/repo/.local/keys/public")
                .containsEntry("apiguard.security.workloads.rule-publishers", "local/apiguard-enforcement")
                .containsEntry("apiguard.sidecar.enforcement.namespace", "local")
                .containsEntry("apiguard.sidecar.enforcement.pod", "demo-api-0")
                // its records name the pod its token is bound to, else logging-service would not believe its callers
                .containsEntry("apiguard.sidecar.capture.namespace", "local")
                .containsEntry("apiguard.sidecar.capture.pod", "demo-api-0");
        // the demo's shared account is verified by its API key, and bearer tokens by the local issuer's keys
        for (AppSpec app : List.of(apps.get(1), apps.get(5))) {
            assertThat(app.properties())
                    .containsEntry("apiguard.identity.shared-accounts", "FinTech_User_01")
                    .containsEntry("apiguard.identity.api-key-owners-file", "/repo/.local/identity/api-key-owners.json")
                    .containsEntry("apiguard.identity.jwt.jwks-url", "http://127.0.0.1:8089/realms/operators/jwks")
                    .doesNotContainKey("apiguard.identity.allow-unverified");
        }
        // nothing secret on any command line: no signing secret exists any more
        apps.forEach(app -> assertThat(app.properties())
                .doesNotContainKeys("apiguard.enforcement.secret", "apiguard.sidecar.enforcement.secret"));
    }

    @Test
    void discoveryWatchesTheClusterWhenItAnswersElseTheDemosManifest() {
        // When
        AppSpec discovery = LocalApps.of(options, "127.0.0.1:9092").get(0);

        // Then
        assertThat(discovery.properties())
                .containsEntry("apiguard.discovery.source", "auto")
                .containsEntry(
                        "apiguard.discovery.offline-paths",
                        options.paths()
                                .root()
                                .resolve("k8s/examples/demo-accounts-api.yaml")
                                .toString());
        assertThat(LocalApps.of(options, "127.0.0.1:9092").get(1).properties())
                .doesNotContainKey("apiguard.discovery.source");
    }

    @Test
    void eachServiceOwnsOneDatabase() {
        // When / Then
        assertThat(LocalApps.databases())
                .containsExactly(
                        "apiguard_discovery",
                        "apiguard_logging",
                        "apiguard_posture",
                        "apiguard_detection",
                        "apiguard_enforcement");
    }
}
