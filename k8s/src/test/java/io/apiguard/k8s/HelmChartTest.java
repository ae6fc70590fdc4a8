package io.apiguard.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/** The chart as a platform team installs it: rendered by Helm itself, parsed into Kubernetes' typed model, applied. */
class HelmChartTest {

    static final Path CHART = Path.of("helm/apiguard");
    static final Path MANIFESTS = Path.of("manifests/apiguard.yaml");
    static final String BANNER = "# Generated from k8s/helm/apiguard with default values (release \"apiguard\", namespace "
            + "\"apiguard\"). Do not edit: change the chart, then run\n"
            + "#   ./mvnw -B test -pl k8s -Dapiguard.k8s.regenerate=true\n";
    static final List<String> SERVICES = List.of("discovery", "logging", "posture", "detection", "enforcement");

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void startApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new java.util.HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        server.destroy();
    }

    @Test
    void theChartLintsCleanAndEveryRenderedObjectIsATypedObjectTheApiServerAccepts() {
        // Given
        LintResult lint = new Helm(CHART).lint().strict().call();
        List<HasMetadata> objects = render(UnaryOperator.identity());

        // Then
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ServiceAccount",
                "ConfigMap", "ClusterRole", "ClusterRoleBinding", "NetworkPolicy", "PodDisruptionBudget");
        List<String> unknown = new ArrayList<>();
        objects.forEach(object -> collectUnknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown));
        assertThat(unknown).as("fields Kubernetes' model does not know").isEmpty();
        for (HasMetadata object : objects) {
            assertThat(client.resource(object).create()).as("%s accepted", object.getKind()).isNotNull();
        }
        assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
                        "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by"));
    }

    @Test
    void probesAndPortsMatchEachAppsConfiguration() throws Exception {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        for (String service : SERVICES) {
            Deployment deployment = find(objects, Deployment.class, "apiguard-" + service + "-service");
            ConfigMap config = find(objects, ConfigMap.class, "apiguard-" + service + "-service");
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Properties app = new Properties();
            try (var in = Files.newInputStream(Path.of("..", service + "-service", "src/main/resources/application.properties"))) {
                app.load(in);
            }

            assertThat(container.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(Integer.parseInt(config.getData().get("QUARKUS_HTTP_PORT")));
            });
            // The probes use Quarkus' default health paths: the apps must not move them.
            assertThat(app.stringPropertyNames()).noneMatch(key -> key.startsWith("quarkus.smallrye-health.")
                    || key.equals("quarkus.http.root-path") || key.equals("quarkus.http.non-application-root-path"));
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()))
                    .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http"));
            assertThat(config.getData()).containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL",
                    "postgresql://apiguard-postgres-rw.database:5432/apiguard_" + service);
            assertThat(container.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("QUARKUS_DATASOURCE_PASSWORD");
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("apiguard-database");
            });
        }
    }

    @Test
    void rbacIsExactlyTheLeastPrivilegeOfDiscoveryAndEnforcement() {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        assertThat(objects).filteredOn(object -> object instanceof ClusterRole || object instanceof Role)
                .extracting(object -> object.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-discovery-service", "apiguard-enforcement-service");
        assertThat(find(objects, ClusterRole.class, "apiguard-discovery-service").getRules())
                .extracting(HelmChartTest::describe)
                .containsExactlyInAnyOrder("networking.k8s.io ingresses [get, list, watch]", " services [get, list, watch]");
        assertThat(find(objects, ClusterRole.class, "apiguard-enforcement-service").getRules())
                .extracting(HelmChartTest::describe)
                .containsExactly(" pods [list, watch]");
        assertThat(objects).filteredOn(ServiceAccount.class::isInstance)
                .filteredOn(account -> Boolean.TRUE.equals(((ServiceAccount) account).getAutomountServiceAccountToken()))
                .extracting(account -> account.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-discovery-service", "apiguard-enforcement-service");
    }

    @Test
    void discoveryScopedToNamespacesGetsARoleInEachAndNoClusterRole() {
        List<HasMetadata> objects = render(template -> template.set("discovery.scope", "namespaces")
                .set("discovery.namespaces[0]", "payments").set("discovery.namespaces[1]", "crm"));

        assertThat(objects).filteredOn(Role.class::isInstance).extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("payments", "crm");
        assertThat(objects).filteredOn(ClusterRole.class::isInstance).extracting(role -> role.getMetadata().getName())
                .containsExactly("apiguard-enforcement-service");
        assertThat(find(objects, ConfigMap.class, "apiguard-discovery-service").getData())
                .containsEntry("APIGUARD_DISCOVERY_NAMESPACES", "payments,crm");
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        assertThat(objects).filteredOn(Deployment.class::isInstance).hasSize(SERVICES.size()).allSatisfy(object -> {
            PodSpec pod = ((Deployment) object).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getContainers()).allSatisfy(container -> {
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).containsKey("memory");
            });
        });
    }

    @Test
    void disruptionBudgetsOnlyForReplicatedServicesAndNetworkPoliciesGuardLoggingAndEnforcement() {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        assertThat(objects).filteredOn(PodDisruptionBudget.class::isInstance).extracting(pdb -> pdb.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-logging-service", "apiguard-detection-service");
        assertThat(objects).filteredOn(NetworkPolicy.class::isInstance).extracting(policy -> policy.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-logging-service", "apiguard-enforcement-service");
        NetworkPolicy logging = find(objects, NetworkPolicy.class, "apiguard-logging-service");
        assertThat(logging.getSpec().getIngress()).singleElement().satisfies(rule -> assertThat(rule.getFrom())
                .anySatisfy(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("apiguard.io/sidecar", "enabled")));
        assertThat(render(template -> template.set("networkPolicy.enabled", false)))
                .noneMatch(NetworkPolicy.class::isInstance);
    }

    @Test
    void valuesTheSchemaRejectsFailTheRender() {
        assertThatThrownBy(() -> render(template -> template.set("discovery.scope", "everything")))
                .hasMessageContaining("/discovery/scope").hasMessageContaining("'cluster', 'namespaces'");
        assertThatThrownBy(() -> render(template -> template.set("services.logging.replicas", 0)))
                .hasMessageContaining("/services/logging/replicas");
        assertThatThrownBy(() -> render(template -> template.set("databse.host", "typo")))
                .hasMessageContaining("'databse' not allowed");
        assertThatThrownBy(() -> render(template -> template.set("discovery.scope", "namespaces")))
                .hasMessageContaining("/discovery/namespaces");
    }

    @Test
    void theSidecarTemplateDeliversToLoggingAndCarriesTheIdentityChain(@TempDir Path workDir) throws Exception {
        // Given: a workload of the platform team's that includes the named templates, as the chart's docs say
        Path chart = workDir.resolve("apiguard");
        try (var files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path target = chart.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Files.writeString(chart.resolve("templates/zz-accounts.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: accounts, namespace: payments}
                spec:
                  selector: {matchLabels: {app: accounts}}
                  template:
                    metadata: {labels: {app: accounts, apiguard.io/sidecar: enabled}}
                    spec:
                      containers:
                        {{- include "apiguard.sidecar" (dict "root" $ "upstreamPort" 8080 "service" "accounts") | nindent 8 }}
                      volumes:
                        {{- include "apiguard.sidecarVolumes" (dict "root" $) | nindent 8 }}
                """);

        // When
        String yaml = new Helm(chart).template().withName("apiguard").withNamespace("apiguard")
                .set("identity.existingSecret", "apiguard-identity")
                .set("identity.jwksKey", "jwks.json")
                .set("identity.sharedAccounts[0]", "FinTech_User_01")
                .set("identity.trustedProxies[0]", "10.42.0.0/16")
                .call();
        Deployment accounts = find(client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items(), Deployment.class, "accounts");

        // Then
        PodSpec pod = accounts.getSpec().getTemplate().getSpec();
        var sidecar = pod.getContainers().get(0);
        java.util.Map<String, String> env = new java.util.HashMap<>();
        sidecar.getEnv().stream().filter(variable -> variable.getValue() != null)
                .forEach(variable -> env.put(variable.getName(), variable.getValue()));
        assertThat(env).containsEntry("QUARKUS_REST_CLIENT_LOGGING_URL", "http://apiguard-logging-service.apiguard:8080")
                .containsEntry("APIGUARD_SIDECAR_UPSTREAM", "http://127.0.0.1:8080")
                .containsEntry("APIGUARD_SIDECAR_CAPTURE_BATCH_SIZE", "1000")
                .containsEntry("APIGUARD_IDENTITY_SHARED_ACCOUNTS", "FinTech_User_01")
                .containsEntry("APIGUARD_IDENTITY_TRUSTED_PROXIES", "10.42.0.0/16")
                .containsEntry("APIGUARD_IDENTITY_JWT_JWKS_FILE", "/etc/apiguard/identity/jwks.json")
                .doesNotContainKey("APIGUARD_IDENTITY_API_KEY_OWNERS_FILE")
                .containsEntry("APIGUARD_SIDECAR_CAPTURE_SERVICE", "accounts")
                .containsEntry("QUARKUS_REST_CLIENT_ENFORCEMENT_URL", "http://apiguard-enforcement-service.apiguard:8080")
                .containsEntry("APIGUARD_SIDECAR_ENFORCEMENT_MODE", "enforce")
                .containsEntry("APIGUARD_SIDECAR_ENFORCEMENT_ADMIN_URL", "http://$(APIGUARD_POD_IP):8091");
        assertThat(sidecar.getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("APIGUARD_SIDECAR_ENFORCEMENT_SECRET");
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("apiguard-enforcement");
        });
        assertThat(sidecar.getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("APIGUARD_SIDECAR_CAPTURE_POD");
            assertThat(variable.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
        assertThat(sidecar.getVolumeMounts()).extracting(mount -> mount.getMountPath())
                .contains("/tmp", "/etc/apiguard/identity");
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName()).containsExactly("apiguard-identity");
        // logging-service resolves gateway records with the same chain and mounts the same Secret
        ConfigMap logging = find(client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items(),
                ConfigMap.class, "apiguard-logging-service");
        assertThat(logging.getData()).containsEntry("APIGUARD_IDENTITY_SHARED_ACCOUNTS", "FinTech_User_01")
                .containsEntry("APIGUARD_LOGGING_RETENTION_DAYS", "30");
    }

    @Test
    void thePlainManifestsAreTheChartRenderedWithDefaultValues() throws Exception {
        String fresh = BANNER + renderText(UnaryOperator.identity());
        if (Boolean.getBoolean("apiguard.k8s.regenerate")) {
            Files.writeString(MANIFESTS, fresh);
        }
        assertThat(Files.readString(MANIFESTS))
                .as("k8s/manifests/apiguard.yaml is stale: run ./mvnw -B test -pl k8s -Dapiguard.k8s.regenerate=true")
                .isEqualTo(fresh);
    }

    static List<HasMetadata> render(UnaryOperator<TemplateCommand> options) {
        String yaml = renderText(options);
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    static String renderText(UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(CHART).template().withName("apiguard").withNamespace("apiguard")).call();
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static String describe(PolicyRule rule) {
        return String.join(",", rule.getApiGroups()) + " " + String.join(",", rule.getResources()) + " " + rule.getVerbs();
    }

    /** Fields the typed model did not recognise land in additionalProperties: a typo or a wrong indent in the chart. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !(getter.getName().startsWith("get")) || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
