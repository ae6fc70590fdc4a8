package io.apiguard.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/** The chart as a platform team installs it: rendered by Helm itself, parsed into Kubernetes' typed model, applied. */
class HelmChartTest {

    static final Path CHART = Path.of("helm/apiguard");
    static final Path MANIFESTS = Path.of("manifests/apiguard.yaml");
    /** What the chart cannot default (the operators' issuer, the signing key's id): the plain manifests' values. */
    static final Path MANIFEST_VALUES = Path.of("manifests/values.yaml");

    static final Path EXAMPLES = Path.of("examples");
    static final String BANNER =
            "# Generated from k8s/helm/apiguard with k8s/manifests/values.yaml (release \"apiguard\", "
                    + "namespace \"apiguard\"). Do not edit: change the chart, then run\n"
                    + "#   ./mvnw -B test -pl k8s -Dapiguard.k8s.regenerate=true\n";
    static final List<String> SERVICES = List.of("discovery", "logging", "posture", "detection", "enforcement");
    static final String ISSUER = "http://keycloak.keycloak:8080/realms/apiguard";
    static final String TOKEN_FILE = "/var/run/secrets/apiguard/token";
    static final String CLUSTER_ISSUER = "https://kubernetes.default.svc.cluster.local";
    /** The label kubernetes.io/metadata.name, escaped for helm --set. */
    static final String NAMESPACE_NAME = "kubernetes\\.io/metadata\\.name";

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void startApiServer() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new java.util.HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        server.destroy();
    }

    @Test
    void theChartLintsCleanAndEveryRenderedObjectIsATypedObjectTheApiServerAccepts(@TempDir Path workDir)
            throws Exception {
        // Given: the chart with the values it cannot default (helm lint reads only the chart's own values.yaml)
        Path chart = copyChart(workDir);
        Map<String, Object> values = yamlMap(Files.readString(CHART.resolve("values.yaml")));
        merge(values, yamlMap(Files.readString(MANIFEST_VALUES)));
        Files.writeString(
                chart.resolve("values.yaml"),
                client.getKubernetesSerialization().asYaml(values));
        LintResult lint = new Helm(chart).lint().strict().call();
        Path publicKey = publicKeyFile(workDir, "rule-set-key-1");
        List<HasMetadata> objects = render(template -> template.set("sidecar.namespaces[0]", "payments")
                .setFile("ruleSetSigning.publicKeys.rule-set-key-1", publicKey));

        // Then
        assertThat(lint.isFailed())
                .as("helm lint --strict: %s", lint.getMessages())
                .isFalse();
        assertThat(String.join("\n", new Helm(CHART).lint().strict().call().getMessages()))
                .as("the chart's own defaults name no issuer and no key: lint says so")
                .contains("/auth/operators/issuer", "/ruleSetSigning/keyId");
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .contains(
                        "Deployment",
                        "Service",
                        "ServiceAccount",
                        "ConfigMap",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "NetworkPolicy",
                        "PodDisruptionBudget");
        List<String> unknown = new ArrayList<>();
        objects.forEach(object -> collectUnknownFields(
                object, object.getKind() + "/" + object.getMetadata().getName(), unknown));
        assertThat(unknown).as("fields Kubernetes' model does not know").isEmpty();
        for (HasMetadata object : objects) {
            assertThat(client.resource(object).create())
                    .as("%s accepted", object.getKind())
                    .isNotNull();
        }
        assertThat(objects)
                .allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                        .containsKeys(
                                "app.kubernetes.io/name",
                                "app.kubernetes.io/instance",
                                "app.kubernetes.io/component",
                                "app.kubernetes.io/part-of",
                                "app.kubernetes.io/managed-by"));
    }

    @Test
    void probesAndPortsMatchEachAppsConfiguration() throws Exception {
        List<HasMetadata> objects = render(UnaryOperator.identity());
        // Every app inherits the management interface from service-support; an app's own file may override it.
        Properties shared = properties(
                Path.of("..", "service-support", "src/main/resources/META-INF/microprofile-config.properties"));

        for (String service : SERVICES) {
            Deployment deployment = find(objects, Deployment.class, "apiguard-" + service + "-service");
            ConfigMap config = find(objects, ConfigMap.class, "apiguard-" + service + "-service");
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Properties app = new Properties();
            app.putAll(shared);
            app.putAll(appProperties(service));

            assertThat(app.getProperty("quarkus.management.enabled")).isEqualTo("true");
            assertThat(container.getPorts())
                    .extracting(port -> port.getName() + ":" + port.getContainerPort())
                    .containsExactly(
                            "http:" + config.getData().get("QUARKUS_HTTP_PORT"),
                            "management:" + app.getProperty("quarkus.management.port"));
            assertThat(config.getData())
                    .containsEntry("QUARKUS_HTTP_PORT", "8080")
                    .containsEntry("QUARKUS_MANAGEMENT_PORT", app.getProperty("quarkus.management.port"));
            // The probes use Quarkus' default health paths: the apps must not move them.
            assertThat(app.stringPropertyNames())
                    .noneMatch(key -> key.startsWith("quarkus.smallrye-health.")
                            || key.equals("quarkus.http.root-path")
                            || key.equals("quarkus.http.non-application-root-path")
                            || key.equals("quarkus.management.root-path"));
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(List.of(
                            container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()))
                    .allSatisfy(probe ->
                            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
            assertThat(find(objects, io.fabric8.kubernetes.api.model.Service.class, "apiguard-" + service + "-service")
                            .getSpec()
                            .getPorts())
                    .extracting(port -> port.getName() + ":" + port.getPort())
                    .containsExactly("http:8080", "management:9000");
            assertThat(config.getData())
                    .containsEntry(
                            "QUARKUS_DATASOURCE_REACTIVE_URL",
                            "postgresql://apiguard-postgres-rw.database:5432/apiguard_" + service);
            assertThat(container.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("QUARKUS_DATASOURCE_PASSWORD");
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("apiguard-database");
            });
        }
    }

    @Test
    void everyServiceVerifiesOperatorsAndWorkloadsAndPresentsItsOwnToken() {
        List<HasMetadata> objects = render(UnaryOperator.identity());
        String posture = account(objects, "posture");
        assertThat(find(objects, ServiceAccount.class, posture)).isNotNull();

        for (String service : SERVICES) {
            PodSpec pod = pod(objects, service);
            Container container = pod.getContainers().get(0);
            Map<String, String> env = env(objects, container);

            assertThat(env)
                    .as(service)
                    .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", ISSUER)
                    .containsEntry("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles")
                    .doesNotContainKeys("QUARKUS_OIDC_TOKEN_AUDIENCE", "APIGUARD_SECURITY_OPERATORS_VIEWER_ROLES")
                    .containsEntry("QUARKUS_OIDC_WORKLOAD_AUTH_SERVER_URL", CLUSTER_ISSUER)
                    .containsEntry("QUARKUS_OIDC_WORKLOAD_TLS_TLS_CONFIGURATION_NAME", "cluster")
                    .containsEntry("APIGUARD_SECURITY_WORKLOADS_TOKEN_FILE", TOKEN_FILE)
                    .containsEntry("APIGUARD_SECURITY_WORKLOADS_VIEWERS", "apiguard/" + posture);
            assertThat(projectedToken(pod, container, TOKEN_FILE).getAudience()).isEqualTo("apiguard");
            // The in-cluster issuer: the API server's CA, and a token of its own audience to read its keys
            String issuerToken = env.get("APIGUARD_SECURITY_WORKLOADS_ISSUER_TOKEN_FILE");
            assertThat(projectedToken(pod, container, issuerToken).getAudience())
                    .isNull();
            assertThat(projectedFile(pod, container, env.get("QUARKUS_TLS_CLUSTER_TRUST_STORE_PEM_CERTS"))
                            .getConfigMap())
                    .satisfies(ca -> {
                        assertThat(ca.getName()).isEqualTo("kube-root-ca.crt");
                        assertThat(ca.getItems())
                                .singleElement()
                                .satisfies(item -> assertThat(item.getKey()).isEqualTo("ca.crt"));
                    });
            assertThat(container.getVolumeMounts())
                    .filteredOn(mount -> mount.getMountPath().startsWith("/var/run/secrets/"))
                    .allSatisfy(mount -> assertThat(mount.getReadOnly()).isTrue());
        }

        // A public issuer (EKS, GKE, AKS) and a provider's own names for apiguard's roles
        List<HasMetadata> entra =
                render(template -> template.set("auth.operators.issuer", "https://login.microsoftonline.com/0000/v2.0")
                        .set("auth.operators.audience", "api://apiguard")
                        .set("auth.operators.rolesClaim", "roles")
                        .set("auth.operators.roles.viewer[0]", "ApiGuard.Read")
                        .set("auth.operators.roles.admin[0]", "ApiGuard.Admin")
                        .set("auth.operators.roles.admin[1]", "SecOps")
                        .set("auth.workloads.issuer", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC")
                        .set("auth.workloads.inClusterIssuer", false));
        for (String service : SERVICES) {
            PodSpec pod = pod(entra, service);
            assertThat(env(entra, pod.getContainers().get(0)))
                    .as(service)
                    .containsEntry("QUARKUS_OIDC_TOKEN_AUDIENCE", "api://apiguard")
                    .containsEntry("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "roles")
                    .containsEntry("APIGUARD_SECURITY_OPERATORS_VIEWER_ROLES", "ApiGuard.Read")
                    .containsEntry("APIGUARD_SECURITY_OPERATORS_ADMIN_ROLES", "ApiGuard.Admin,SecOps")
                    .doesNotContainKey("APIGUARD_SECURITY_OPERATORS_OPERATOR_ROLES")
                    .containsEntry(
                            "QUARKUS_OIDC_WORKLOAD_AUTH_SERVER_URL", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC")
                    .doesNotContainKeys(
                            "QUARKUS_OIDC_WORKLOAD_TLS_TLS_CONFIGURATION_NAME",
                            "QUARKUS_TLS_CLUSTER_TRUST_STORE_PEM_CERTS",
                            "APIGUARD_SECURITY_WORKLOADS_ISSUER_TOKEN_FILE");
            assertThat(pod.getVolumes())
                    .extracting(Volume::getName)
                    .contains("apiguard-token")
                    .doesNotContain("apiguard-cluster-issuer");
        }
    }

    @Test
    void enforcementAloneHoldsTheSigningKeyAndReadsPods() {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        PodSpec pod = pod(objects, "enforcement");
        Container container = pod.getContainers().get(0);
        Map<String, String> env = env(objects, container);
        assertThat(env).containsEntry("APIGUARD_ENFORCEMENT_SIGNING_KEY_ID", "rule-set-key-1");
        Mounted key = mounted(pod, container, env.get("APIGUARD_ENFORCEMENT_SIGNING_PRIVATE_KEY_FILE"));
        assertThat(key.mount().getReadOnly()).isTrue();
        assertThat(key.volume().getSecret().getSecretName()).isEqualTo("apiguard-rule-set-signing");
        assertThat(key.volume().getSecret().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("rule-set-signing.pem");
            assertThat(item.getPath()).isEqualTo(key.path());
        });
        // No other pod sees it, and no shared HMAC secret is left anywhere
        assertThat(objects)
                .filteredOn(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .filteredOn(deployment -> deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .anyMatch(volume -> volume.getSecret() != null
                                && "apiguard-rule-set-signing"
                                        .equals(volume.getSecret().getSecretName())))
                .extracting(deployment -> deployment.getMetadata().getName())
                .containsExactly("apiguard-enforcement-service");
        assertThat(renderText(UnaryOperator.identity())).doesNotContain("ENFORCEMENT_SECRET", "rule-set-secret");
        assertThat(find(objects, ClusterRole.class, "apiguard-enforcement-service")
                        .getRules())
                .extracting(HelmChartTest::describe)
                .containsExactly(" pods [get, list, watch]");
        // Without publicKeys the chart leaves the keys ConfigMap to the operator
        assertThat(objects)
                .filteredOn(ConfigMap.class::isInstance)
                .noneMatch(map -> map.getMetadata().getName().equals("apiguard-rule-set-keys"));
    }

    @Test
    void thePublicKeysReachEverySidecarNamespaceAndARotationCarriesBoth(@TempDir Path dir) throws Exception {
        // Given
        Path oldKey = publicKeyFile(dir, "rule-set-key-1");
        Path newKey = publicKeyFile(dir, "rule-set-key-2");

        // When: step 1 of a rotation, the new public key beside the old one, still signing with the old
        List<HasMetadata> objects = render(template -> template.set("sidecar.namespaces[0]", "payments")
                .set("sidecar.namespaces[1]", "crm")
                .set("sidecar.namespaces[2]", "apiguard")
                .setFile("ruleSetSigning.publicKeys.rule-set-key-1", oldKey)
                .setFile("ruleSetSigning.publicKeys.rule-set-key-2", newKey));

        // Then
        List<ConfigMap> keys = objects.stream()
                .filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast)
                .filter(map -> map.getMetadata().getName().equals("apiguard-rule-set-keys"))
                .toList();
        assertThat(keys)
                .extracting(map -> map.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("apiguard", "payments", "crm");
        assertThat(keys)
                .allSatisfy(map -> assertThat(map.getData())
                        .containsOnlyKeys("rule-set-key-1.pem", "rule-set-key-2.pem")
                        .containsEntry("rule-set-key-1.pem", Files.readString(oldKey))
                        .containsEntry("rule-set-key-2.pem", Files.readString(newKey)));
        assertThat(objects)
                .filteredOn(object -> object.getKind().equals("Secret"))
                .isEmpty();
        // Signing with a key no sidecar has is refused before anything is installed
        assertThatThrownBy(() -> render(template -> template.set("ruleSetSigning.keyId", "rule-set-key-3")
                        .setFile("ruleSetSigning.publicKeys.rule-set-key-1", oldKey)))
                .hasMessageContaining(
                        "ruleSetSigning.keyId \"rule-set-key-3\" names none of ruleSetSigning.publicKeys");
        // A private key is not a public key
        Path privateKey = dir.resolve("private.pem");
        Files.writeString(
                privateKey, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEG\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() ->
                        render(template -> template.setFile("ruleSetSigning.publicKeys.rule-set-key-1", privateKey)))
                .hasMessageContaining("/ruleSetSigning/publicKeys/rule-set-key-1");
    }

    @Test
    void bearerTokensOfTheApisAreVerifiedOrTheChartSaysItIsMeantNot() {
        // Given / When: the manifests' values name the issuer's keys
        List<HasMetadata> keyed = render(UnaryOperator.identity());
        Container logging = find(keyed, Deployment.class, "apiguard-logging-service")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        // Then
        assertThat(env(keyed, logging))
                .containsKey("APIGUARD_IDENTITY_JWT_JWKS_URL")
                .doesNotContainKey("APIGUARD_IDENTITY_ALLOW_UNVERIFIED");
        // no key and no decision: refused, rather than logging-service refusing to start
        assertThatThrownBy(() -> render(template -> template.set("identity.jwt.jwksUrl", "")))
                .hasMessageContaining("identity.allowUnverified");
        // the decision made explicitly: every bearer token recorded as unverified
        List<HasMetadata> unverified =
                render(template -> template.set("identity.jwt.jwksUrl", "").set("identity.allowUnverified", true));
        Container again = find(unverified, Deployment.class, "apiguard-logging-service")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(unverified, again))
                .containsEntry("APIGUARD_IDENTITY_ALLOW_UNVERIFIED", "true")
                .doesNotContainKey("APIGUARD_IDENTITY_JWT_JWKS_URL");
    }

    @Test
    void rbacIsExactlyTheLeastPrivilegeOfDiscoveryAndEnforcement() {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        assertThat(objects)
                .filteredOn(object -> object instanceof ClusterRole || object instanceof Role)
                .extracting(object -> object.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-discovery-service", "apiguard-enforcement-service");
        assertThat(find(objects, ClusterRole.class, "apiguard-discovery-service")
                        .getRules())
                .extracting(HelmChartTest::describe)
                .containsExactlyInAnyOrder(
                        "networking.k8s.io ingresses [get, list, watch]",
                        " services [get, list, watch]",
                        " configmaps [list, watch]",
                        "gateway.networking.k8s.io httproutes,gateways [get, list, watch]");
        assertThat(find(objects, ClusterRole.class, "apiguard-enforcement-service")
                        .getRules())
                .extracting(HelmChartTest::describe)
                .containsExactly(" pods [get, list, watch]");
        assertThat(objects)
                .filteredOn(ServiceAccount.class::isInstance)
                .filteredOn(
                        account -> Boolean.TRUE.equals(((ServiceAccount) account).getAutomountServiceAccountToken()))
                .extracting(account -> account.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-discovery-service", "apiguard-enforcement-service");
    }

    @Test
    void gatewayApiRoutesAreWatchedAsTheClusterSaysUnlessTheOperatorDecides() {
        assertThat(find(render(template -> template), ConfigMap.class, "apiguard-discovery-service")
                        .getData())
                .doesNotContainKeys(
                        "APIGUARD_DISCOVERY_GATEWAY_API_ENABLED", "APIGUARD_DISCOVERY_GATEWAY_API_INTERNAL_CLASSES");
        assertThat(find(
                                render(template -> template.set("discovery.gatewayApi.enabled", "false")
                                        .set("discovery.gatewayApi.internalClasses[0]", "envoy-internal")),
                                ConfigMap.class,
                                "apiguard-discovery-service")
                        .getData())
                .containsEntry("APIGUARD_DISCOVERY_GATEWAY_API_ENABLED", "false")
                .containsEntry("APIGUARD_DISCOVERY_GATEWAY_API_INTERNAL_CLASSES", "envoy-internal");
    }

    @Test
    void discoveryScopedToNamespacesGetsARoleInEachAndNoClusterRole() {
        List<HasMetadata> objects = render(template -> template.set("discovery.scope", "namespaces")
                .set("discovery.namespaces[0]", "payments")
                .set("discovery.namespaces[1]", "crm"));

        assertThat(objects)
                .filteredOn(Role.class::isInstance)
                .extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("payments", "crm");
        assertThat(objects)
                .filteredOn(ClusterRole.class::isInstance)
                .extracting(role -> role.getMetadata().getName())
                .containsExactly("apiguard-enforcement-service");
        assertThat(find(objects, ConfigMap.class, "apiguard-discovery-service").getData())
                .containsEntry("APIGUARD_DISCOVERY_NAMESPACES", "payments,crm");
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        List<HasMetadata> objects = render(template -> template.set("kafka.security.protocol", "SSL")
                .set("kafka.authentication.type", "tls")
                .set("kafka.security.clusterCaSecret", "apiguard-kafka-cluster-ca-cert"));

        assertThat(objects)
                .filteredOn(Deployment.class::isInstance)
                .hasSize(SERVICES.size())
                .allSatisfy(object -> {
                    PodSpec pod = ((Deployment) object).getSpec().getTemplate().getSpec();
                    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
                    assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                            .isEqualTo("RuntimeDefault");
                    assertThat(pod.getContainers()).allSatisfy(container -> {
                        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                                .isFalse();
                        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                                .isTrue();
                        assertThat(container
                                        .getSecurityContext()
                                        .getCapabilities()
                                        .getDrop())
                                .containsExactly("ALL");
                        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                        assertThat(container.getResources().getLimits()).containsKey("memory");
                        // Every credential is mounted read-only
                        assertThat(container.getVolumeMounts())
                                .filteredOn(mount -> !mount.getName().equals("tmp"))
                                .allSatisfy(mount -> assertThat(mount.getReadOnly())
                                        .as(mount.getName())
                                        .isTrue());
                    });
                });
    }

    @Test
    void replicatedDiscoveryAndEnforcementElectALeaderThroughALeaseOfTheirOwn() {
        // Given / When: two replicas each (leaderElection.enabled is "auto")
        List<HasMetadata> objects = render(
                template -> template.set("services.discovery.replicas", "2").set("services.enforcement.replicas", "2"));

        // Then: each may create a lease, and read and renew only its own, in the release namespace
        for (String service : List.of("discovery", "enforcement")) {
            String name = "apiguard-" + service + "-service";
            Role role = find(objects, Role.class, name + "-leader");
            assertThat(role.getMetadata().getNamespace()).isEqualTo("apiguard");
            assertThat(role.getRules())
                    .extracting(rule -> describe(rule) + " " + rule.getResourceNames())
                    .containsExactlyInAnyOrder(
                            "coordination.k8s.io leases [create] []",
                            "coordination.k8s.io leases [get, update, patch] [" + name + "]");
            RoleBinding binding = find(objects, RoleBinding.class, name + "-leader");
            assertThat(binding.getRoleRef().getName()).isEqualTo(name + "-leader");
            assertThat(binding.getSubjects())
                    .extracting(subject -> subject.getNamespace() + "/" + subject.getName())
                    .containsExactly("apiguard/" + name);
            Container container = container(objects, service);
            assertThat(fieldRef(container, "POD_NAME")).isEqualTo("metadata.name");
            assertThat(fieldRef(container, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
            assertThat(env(objects, container))
                    .containsEntry("APIGUARD_LEADER_ENABLED", "true")
                    .containsEntry("APIGUARD_LEADER_LEASE_NAME", name)
                    .containsEntry("APIGUARD_LEADER_LEASE_DURATION", "10s")
                    .containsEntry("APIGUARD_LEADER_RENEW_DEADLINE", "8s")
                    .containsEntry("APIGUARD_LEADER_RETRY_PERIOD", "1500ms");
        }
        // discovery's replicas each read every call, in a group of their own, from the latest call
        assertThat(env(objects, container(objects, "discovery")))
                .containsEntry("APIGUARD_DISCOVERY_CALLS_GROUP_SUFFIX", "-$(POD_NAME)")
                .containsEntry("APIGUARD_DISCOVERY_CALLS_START_AT", "latest");
        assertThat(env(objects, container(objects, "enforcement")))
                .doesNotContainKey("APIGUARD_DISCOVERY_CALLS_GROUP_SUFFIX");
        // no other service elects anyone, even replicated
        assertThat(env(objects, container(objects, "logging"))).doesNotContainKey("APIGUARD_LEADER_ENABLED");
    }

    @Test
    void aSingleReplicaAlwaysLeadsUnlessElectionIsForcedOn() {
        // Given / When: the defaults (one replica each)
        List<HasMetadata> defaults = render(UnaryOperator.identity());

        // Then: no lease, no election, one consumer group
        assertThat(defaults).filteredOn(Role.class::isInstance).isEmpty();
        assertThat(env(defaults, container(defaults, "discovery")))
                .doesNotContainKeys(
                        "APIGUARD_LEADER_ENABLED",
                        "APIGUARD_DISCOVERY_CALLS_GROUP_SUFFIX",
                        "APIGUARD_DISCOVERY_CALLS_START_AT");
        assertThat(fieldRef(container(defaults, "discovery"), "POD_NAME")).isEqualTo("metadata.name");

        // When forced on with one replica, and off with two
        List<HasMetadata> forcedOn = render(
                template -> template.set("leaderElection.enabled", "true").set("leaderElection.leaseDuration", "15s"));
        List<HasMetadata> forcedOff = render(
                template -> template.set("leaderElection.enabled", "false").set("services.discovery.replicas", "2"));

        // Then
        assertThat(env(forcedOn, container(forcedOn, "enforcement")))
                .containsEntry("APIGUARD_LEADER_ENABLED", "true")
                .containsEntry("APIGUARD_LEADER_LEASE_DURATION", "15s");
        assertThat(forcedOn)
                .filteredOn(Role.class::isInstance)
                .extracting(role -> role.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-discovery-service-leader", "apiguard-enforcement-service-leader");
        assertThat(env(forcedOff, container(forcedOff, "discovery"))).doesNotContainKey("APIGUARD_LEADER_ENABLED");
        assertThat(forcedOff).filteredOn(Role.class::isInstance).isEmpty();
    }

    @Test
    void disruptionBudgetsOnlyForReplicatedServices() {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        assertThat(objects)
                .filteredOn(PodDisruptionBudget.class::isInstance)
                .extracting(pdb -> pdb.getMetadata().getName())
                .containsExactlyInAnyOrder("apiguard-logging-service", "apiguard-detection-service");
    }

    @Test
    void everyServiceHasANetworkPolicyOpeningItsApiToApiguardAndItsManagementPortToScrapersOnly() {
        // Given
        List<HasMetadata> objects = render(UnaryOperator.identity());
        List<HasMetadata> configured = render(template -> template.set(
                        "networkPolicy.operatorsFrom[0].namespaceSelector.matchLabels." + NAMESPACE_NAME,
                        "ingress-nginx")
                .set("networkPolicy.metricsFrom[0].namespaceSelector.matchLabels." + NAMESPACE_NAME, "monitoring")
                .set("networkPolicy.metricsFrom[0].podSelector.matchLabels.app\\.kubernetes\\.io/name", "prometheus"));

        // Then
        assertThat(objects)
                .filteredOn(NetworkPolicy.class::isInstance)
                .extracting(policy -> policy.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream()
                        .map(name -> "apiguard-" + name + "-service")
                        .toList());
        for (String service : SERVICES) {
            String name = "apiguard-" + service + "-service";
            boolean everywhere = service.equals("logging") || service.equals("enforcement");
            NetworkPolicy policy = find(objects, NetworkPolicy.class, name);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .isEqualTo(find(objects, Deployment.class, name)
                            .getSpec()
                            .getSelector()
                            .getMatchLabels());
            // By default: the API port only, from apiguard's own pods (and for logging and enforcement from any pod)
            assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(ports(rule)).containsExactly(8080);
                assertThat(rule.getFrom())
                        .extracting(HelmChartTest::describe)
                        .containsExactlyElementsOf(
                                everywhere
                                        ? List.of("pods {app.kubernetes.io/part-of=apiguard}", "namespaces {}")
                                        : List.of("pods {app.kubernetes.io/part-of=apiguard}"));
            });
            // Configured: operators through the ingress controller; the management port to Prometheus only
            NetworkPolicy open = find(configured, NetworkPolicy.class, name);
            assertThat(open.getSpec().getIngress()).hasSize(2);
            assertThat(open.getSpec().getIngress().get(0).getFrom())
                    .extracting(HelmChartTest::describe)
                    .endsWith("namespaces {kubernetes.io/metadata.name=ingress-nginx}");
            assertThat(open.getSpec().getIngress().get(1)).satisfies(rule -> {
                assertThat(ports(rule)).containsExactly(9000);
                assertThat(rule.getFrom())
                        .extracting(HelmChartTest::describe)
                        .containsExactly("namespaces {kubernetes.io/metadata.name=monitoring} "
                                + "pods {app.kubernetes.io/name=prometheus}");
            });
        }
        assertThat(render(template -> template.set("networkPolicy.enabled", false)))
                .noneMatch(NetworkPolicy.class::isInstance);
    }

    @Test
    void kafkaScramAndMutualTlsUseEachServicesOwnStrimziUser() {
        // PLAINTEXT by default: no credentials
        List<HasMetadata> plain = render(UnaryOperator.identity());
        for (String service : SERVICES) {
            Container container = container(plain, service);
            assertThat(env(plain, container))
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
                    .doesNotContainKeys(
                            "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThat(container.getVolumeMounts())
                    .noneMatch(mount -> mount.getMountPath().startsWith("/etc/apiguard/kafka"));
        }

        // SCRAM over TLS, trusting Strimzi's cluster CA
        List<HasMetadata> scram = render(template -> template.set("kafka.security.protocol", "SASL_SSL")
                .set("kafka.authentication.type", "scram-sha-512")
                .set("kafka.security.clusterCaSecret", "apiguard-kafka-cluster-ca-cert"));
        for (String service : SERVICES) {
            PodSpec pod = pod(scram, service);
            Container container = pod.getContainers().get(0);
            Map<String, String> env = env(scram, container);
            assertThat(env)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                    .doesNotContainKeys("KAFKA_SSL_KEYSTORE_LOCATION", "KAFKA_SSL_KEYSTORE_PASSWORD");
            assertThat(secretRef(container, "KAFKA_SASL_JAAS_CONFIG"))
                    .isEqualTo("apiguard-" + service + "/sasl.jaas.config");
            Mounted ca = mounted(pod, container, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
            assertThat(ca.volume().getSecret().getSecretName()).isEqualTo("apiguard-kafka-cluster-ca-cert");
            assertThat(ca.volume().getSecret().getItems())
                    .singleElement()
                    .satisfies(item ->
                            assertThat(item.getKey() + ">" + item.getPath()).isEqualTo("ca.crt>" + ca.path()));
        }

        // Mutual TLS: the user's PKCS#12 keystore and its password
        List<HasMetadata> tls = render(template -> template.set("kafka.security.protocol", "SSL")
                .set("kafka.authentication.type", "tls")
                .set("kafka.authentication.userSecretPrefix", "kafka-")
                .set("kafka.security.clusterCaSecret", "apiguard-kafka-cluster-ca-cert"));
        for (String service : SERVICES) {
            PodSpec pod = pod(tls, service);
            Container container = pod.getContainers().get(0);
            Map<String, String> env = env(tls, container);
            assertThat(env)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
                    .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                    .doesNotContainKeys("KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");
            assertThat(secretRef(container, "KAFKA_SSL_KEYSTORE_PASSWORD"))
                    .isEqualTo("kafka-" + service + "/user.password");
            Mounted keystore = mounted(pod, container, env.get("KAFKA_SSL_KEYSTORE_LOCATION"));
            assertThat(keystore.volume().getSecret().getSecretName()).isEqualTo("kafka-" + service);
            assertThat(keystore.volume().getSecret().getItems())
                    .singleElement()
                    .satisfies(item ->
                            assertThat(item.getKey() + ">" + item.getPath()).isEqualTo("user.p12>" + keystore.path()));
            Mounted ca = mounted(pod, container, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
            assertThat(ca.volume().getSecret().getSecretName()).isEqualTo("apiguard-kafka-cluster-ca-cert");
        }
    }

    @Test
    void valuesTheSchemaRejectsFailTheRender() {
        assertThatThrownBy(() -> render(template -> template.set("discovery.scope", "everything")))
                .hasMessageContaining("/discovery/scope")
                .hasMessageContaining("'cluster', 'namespaces'");
        assertThatThrownBy(() -> render(template -> template.set("services.logging.replicas", 0)))
                .hasMessageContaining("/services/logging/replicas");
        assertThatThrownBy(() -> render(template -> template.set("databse.host", "typo")))
                .hasMessageContaining("'databse' not allowed");
        assertThatThrownBy(() -> render(template -> template.set("discovery.scope", "namespaces")))
                .hasMessageContaining("/discovery/namespaces");
        // Security: no issuer, no key id, the old shared secret, a sidecar management port on the app's
        assertThatThrownBy(() -> render(template -> template.set("auth.operators.issuer", "")))
                .hasMessageContaining("/auth/operators/issuer");
        assertThatThrownBy(() -> render(template -> template.set("ruleSetSigning.keyId", "")))
                .hasMessageContaining("/ruleSetSigning/keyId");
        assertThat(render(template ->
                        template.set("ruleSetSigning.keyId", "").set("services.enforcement.enabled", false)))
                .noneMatch(object -> object.getMetadata().getName().equals("apiguard-enforcement-service"));
        assertThatThrownBy(
                        () -> render(template -> template.set("ruleSetSecret.existingSecret", "apiguard-enforcement")))
                .hasMessageContaining("'ruleSetSecret' not allowed");
        assertThatThrownBy(() -> render(template -> template.set("sidecar.managementPort", 9000)))
                .hasMessageContaining("/sidecar/managementPort");
        assertThatThrownBy(
                        () -> render(template -> template.set("networkPolicy.metricsFrom[0].namespace", "monitoring")))
                .hasMessageContaining("/networkPolicy/metricsFrom/0");
        // Kafka: a protocol Kafka does not know, and authentication the protocol cannot carry
        assertThatThrownBy(() -> render(template -> template.set("kafka.security.protocol", "TLS")))
                .hasMessageContaining("/kafka/security/protocol");
        assertThatThrownBy(() -> render(template -> template.set("kafka.authentication.type", "scram-sha-512")))
                .hasMessageContaining("/kafka/security/protocol");
        assertThatThrownBy(() -> render(template ->
                        template.set("kafka.authentication.type", "tls").set("kafka.security.protocol", "SASL_SSL")))
                .hasMessageContaining("/kafka/security/protocol");
        assertThatThrownBy(() -> render(template -> template.set("kafka.security.protocol", "SASL_SSL")))
                .hasMessageContaining("/kafka/existingSecret");
    }

    @Test
    void theSidecarTemplateAuthenticatesBothWaysAndCarriesTheIdentityChain(@TempDir Path workDir) throws Exception {
        // When
        List<HasMetadata> objects = renderWithWorkload(
                workDir,
                template -> template.set("identity.existingSecret", "apiguard-identity")
                        .set("identity.jwksKey", "jwks.json")
                        .set("identity.sharedAccounts[0]", "FinTech_User_01")
                        .set("identity.trustedProxies[0]", "10.42.0.0/16"));
        Deployment accounts = find(objects, Deployment.class, "accounts");

        // Then
        PodSpec pod = accounts.getSpec().getTemplate().getSpec();
        Container sidecar = pod.getContainers().get(0);
        Map<String, String> env = env(objects, sidecar);
        String posture = account(objects, "posture");
        String enforcement = account(objects, "enforcement");
        assertThat(env)
                .containsEntry("QUARKUS_REST_CLIENT_LOGGING_URL", "http://apiguard-logging-service.apiguard:8080")
                .containsEntry("APIGUARD_SIDECAR_UPSTREAM", "http://127.0.0.1:8080")
                .containsEntry("APIGUARD_SIDECAR_CAPTURE_BATCH_SIZE", "1000")
                .containsEntry("APIGUARD_IDENTITY_SHARED_ACCOUNTS", "FinTech_User_01")
                .containsEntry("APIGUARD_IDENTITY_TRUSTED_PROXIES", "10.42.0.0/16")
                .containsEntry("APIGUARD_IDENTITY_JWT_JWKS_FILE", "/etc/apiguard/identity/jwks.json")
                .doesNotContainKey("APIGUARD_IDENTITY_API_KEY_OWNERS_FILE")
                .containsEntry("APIGUARD_SIDECAR_CAPTURE_SERVICE", "accounts")
                .containsEntry(
                        "QUARKUS_REST_CLIENT_ENFORCEMENT_URL", "http://apiguard-enforcement-service.apiguard:8080")
                .containsEntry("APIGUARD_SIDECAR_ENFORCEMENT_MODE", "enforce")
                // authentication: operators and workloads, its own token, posture reads its status, enforcement pushes
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", ISSUER)
                .containsEntry("QUARKUS_OIDC_WORKLOAD_AUTH_SERVER_URL", CLUSTER_ISSUER)
                .containsEntry("APIGUARD_SECURITY_WORKLOADS_TOKEN_FILE", TOKEN_FILE)
                .containsEntry("APIGUARD_SECURITY_WORKLOADS_VIEWERS", "apiguard/" + posture)
                .containsEntry("APIGUARD_SECURITY_WORKLOADS_RULE_PUBLISHERS", "apiguard/" + enforcement)
                .containsEntry("QUARKUS_HTTP_PORT", "8091")
                .containsEntry("QUARKUS_MANAGEMENT_PORT", "9091")
                .doesNotContainKeys("APIGUARD_SIDECAR_ENFORCEMENT_SECRET", "APIGUARD_SIDECAR_ENFORCEMENT_ADMIN_URL");
        assertThat(sidecar.getEnv())
                .noneMatch(variable -> variable.getValueFrom() != null
                        && variable.getValueFrom().getSecretKeyRef() != null);
        for (String downward : List.of("APIGUARD_SIDECAR_CAPTURE_POD", "APIGUARD_SIDECAR_ENFORCEMENT_POD")) {
            assertThat(fieldRef(sidecar, downward)).isEqualTo("metadata.name");
        }
        for (String downward :
                List.of("APIGUARD_SIDECAR_CAPTURE_NAMESPACE", "APIGUARD_SIDECAR_ENFORCEMENT_NAMESPACE")) {
            assertThat(fieldRef(sidecar, downward)).isEqualTo("metadata.namespace");
        }
        assertThat(projectedToken(pod, sidecar, TOKEN_FILE).getAudience()).isEqualTo("apiguard");
        assertThat(projectedToken(pod, sidecar, env.get("APIGUARD_SECURITY_WORKLOADS_ISSUER_TOKEN_FILE"))
                        .getAudience())
                .isNull();
        // The public keys, mounted as a directory (a rotated ConfigMap reaches it), optional (the API keeps serving)
        String keysDir = env.get("APIGUARD_SIDECAR_ENFORCEMENT_VERIFICATION_KEYS_DIR");
        VolumeMount keysMount = sidecar.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals(keysDir))
                .findFirst()
                .orElseThrow();
        assertThat(keysMount.getReadOnly()).isTrue();
        assertThat(keysMount.getSubPath()).isNull();
        assertThat(volume(pod, keysMount.getName()).getConfigMap()).satisfies(keys -> {
            assertThat(keys.getName()).isEqualTo("apiguard-rule-set-keys");
            assertThat(keys.getOptional()).isTrue();
        });
        // Management port 9091 with every probe; the admin port is authenticated
        assertThat(sidecar.getPorts())
                .extracting(port -> port.getName() + ":" + port.getContainerPort())
                .containsExactly("apiguard-proxy:8090", "apiguard-admin:8091", "apiguard-mgmt:9091");
        assertThat(List.of(sidecar.getStartupProbe(), sidecar.getLivenessProbe(), sidecar.getReadinessProbe()))
                .extracting(Probe::getHttpGet)
                .allSatisfy(get -> assertThat(get.getPort().getStrVal()).isEqualTo("apiguard-mgmt"))
                .extracting(get -> get.getPath())
                .containsExactly("/q/health/started", "/q/health/live", "/q/health/ready");
        assertThat(sidecar.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .contains("/tmp", "/etc/apiguard/identity");
        assertThat(pod.getVolumes())
                .filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName())
                .containsExactly("apiguard-identity");
        // logging-service resolves gateway records with the same chain and mounts the same Secret
        assertThat(find(objects, ConfigMap.class, "apiguard-logging-service").getData())
                .containsEntry("APIGUARD_IDENTITY_SHARED_ACCOUNTS", "FinTech_User_01")
                .containsEntry("APIGUARD_LOGGING_RETENTION_DAYS", "30");
    }

    @Test
    void loggingsRecordBoundsRedactionAndRepublishingAreOperatorSettings() {
        // Given: an operator who tightens what a record may be and adds their own secret formats
        List<HasMetadata> objects = render(template -> template.set("logging.maxRecordBytes", 16384)
                .set("logging.maxClockSkew", "30s")
                .set("logging.republishAfter", "10m")
                .set("logging.redaction.namePatterns[0]", "token")
                .set("logging.redaction.namePatterns[1]", "iban")
                .set("logging.redaction.tokenPrefixes[0]", "acme_live_"));

        // Then: logging-service is configured with exactly those
        assertThat(find(objects, ConfigMap.class, "apiguard-logging-service").getData())
                .containsEntry("APIGUARD_LOGGING_INGEST_MAX_RECORD_BYTES", "16384")
                .containsEntry("APIGUARD_LOGGING_INGEST_MAX_CLOCK_SKEW", "30s")
                .containsEntry("APIGUARD_LOGGING_STREAM_REPUBLISH_AFTER", "10m")
                .containsEntry("APIGUARD_LOGGING_REDACTION_NAME_PATTERNS", "token,iban")
                .containsEntry("APIGUARD_LOGGING_REDACTION_TOKEN_PREFIXES", "acme_live_");
        // and the defaults leave the built-in lists alone
        assertThat(find(render(template -> template), ConfigMap.class, "apiguard-logging-service")
                        .getData())
                .containsEntry("APIGUARD_LOGGING_INGEST_MAX_RECORD_BYTES", "65536")
                .doesNotContainKeys(
                        "APIGUARD_LOGGING_REDACTION_NAME_PATTERNS", "APIGUARD_LOGGING_REDACTION_TOKEN_PREFIXES");
        assertThatThrownBy(() -> render(template -> template.set("logging.maxClockSkew", "five minutes")))
                .hasMessageContaining("maxClockSkew");
    }

    @Test
    void theSensitiveDataDetectorIsAnOperatorSetting() {
        // Given: an operator who judges new data classes sooner and watches e-mail volumes too
        List<HasMetadata> objects = render(template -> template.set("detection.sensitiveData.baselineCalls", 200)
                .set("detection.sensitiveData.sensitiveClasses[0]", "card-number")
                .set("detection.sensitiveData.sensitiveClasses[1]", "email"));

        // Then: detection-service is configured with exactly those, and the defaults match the service's own
        assertThat(find(objects, ConfigMap.class, "apiguard-detection-service").getData())
                .containsEntry("APIGUARD_DETECTION_SENSITIVE_DATA_BASELINE_CALLS", "200")
                .containsEntry("APIGUARD_DETECTION_SENSITIVE_DATA_SENSITIVE_CLASSES", "card-number,email");
        assertThat(find(render(template -> template), ConfigMap.class, "apiguard-detection-service")
                        .getData())
                .containsEntry("APIGUARD_DETECTION_SENSITIVE_DATA_ENABLED", "true")
                .containsEntry(
                        "APIGUARD_DETECTION_SENSITIVE_DATA_SENSITIVE_CLASSES", "card-number,iban,national-id,token")
                .containsEntry("APIGUARD_DETECTION_SENSITIVE_DATA_WINDOW", "5m");
        assertThatThrownBy(
                        () -> render(template -> template.set("detection.sensitiveData.sensitiveClasses[0]", "cards")))
                .hasMessageContaining("sensitiveClasses");
    }

    @Test
    void theUnusualAccessDetectorsBaselineReadinessIsAnOperatorSetting() {
        // Given: an operator whose people work in short sessions over weeks
        List<HasMetadata> objects = render(template -> template.set("detection.unusualAccess.minBaselineCalls", 200)
                .set("detection.unusualAccess.minBaselinePeriods", 10)
                .set("detection.unusualAccess.baselinePeriod", "1d"));

        // Then: detection-service is configured with exactly those, and the defaults match the service's own
        assertThat(find(objects, ConfigMap.class, "apiguard-detection-service").getData())
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_MIN_BASELINE_CALLS", "200")
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_MIN_BASELINE_PERIODS", "10")
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_BASELINE_PERIOD", "1d");
        assertThat(find(render(template -> template), ConfigMap.class, "apiguard-detection-service")
                        .getData())
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_ENABLED", "true")
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_MIN_BASELINE_CALLS", "50")
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_MIN_BASELINE_PERIODS", "6")
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_FOREIGN_HORIZON", "24h")
                .containsEntry("APIGUARD_DETECTION_UNUSUAL_ACCESS_OWNER_SHARE", "0.7");
        assertThatThrownBy(() -> render(template -> template.set("detection.unusualAccess.ownerShare", 1.5)))
                .hasMessageContaining("ownerShare");
    }

    @Test
    void theSidecarExampleIsWhatTheTemplateRenders(@TempDir Path workDir) throws Exception {
        // Given: the values the example states
        List<HasMetadata> objects = renderWithWorkload(
                workDir,
                template -> template.set("identity.sharedAccounts[0]", "FinTech_User_01")
                        .set("sidecar.namespaces[0]", "payments"));
        PodSpec rendered = find(objects, Deployment.class, "accounts")
                .getSpec()
                .getTemplate()
                .getSpec();

        // When
        PodSpec example;
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve("sidecar-deployment.yaml"))) {
            example = find(client.load(in).items(), Deployment.class, "accounts")
                    .getSpec()
                    .getTemplate()
                    .getSpec();
        }

        // Then
        assertThat(example.getContainers())
                .filteredOn(container -> container.getName().equals("apiguard-sidecar"))
                .singleElement()
                .isEqualTo(rendered.getContainers().get(0));
        assertThat(example.getVolumes())
                .filteredOn(volume -> volume.getName().startsWith("apiguard-"))
                .containsExactlyElementsOf(rendered.getVolumes());
        assertThat(example.getTerminationGracePeriodSeconds()).isEqualTo(rendered.getTerminationGracePeriodSeconds());
    }

    @Test
    void theSidecarsGracePeriodCoversItsPreStopSleepShutdownAndFlush(@TempDir Path workDir) throws Exception {
        // Given
        List<HasMetadata> objects = renderWithWorkload(
                workDir,
                template -> template.set("sidecar.shutdown.preStopSleepSeconds", 7)
                        .set("sidecar.shutdown.flushTimeoutSeconds", 20));
        PodSpec pod = find(objects, Deployment.class, "accounts")
                .getSpec()
                .getTemplate()
                .getSpec();
        Container sidecar = pod.getContainers().get(0);
        Map<String, String> env = env(objects, sidecar);

        // When
        long preStop = Long.parseLong(
                sidecar.getLifecycle().getPreStop().getExec().getCommand().get(1));
        long shutdown = seconds(env.get("QUARKUS_SHUTDOWN_TIMEOUT"));
        long flush = seconds(env.get("APIGUARD_SIDECAR_CAPTURE_SHUTDOWN_FLUSH_TIMEOUT"));

        // Then: Kubernetes kills the pod only after the sleep, the in-flight calls and the flush had their time
        assertThat(sidecar.getLifecycle().getPreStop().getExec().getCommand().get(0))
                .isEqualTo("sleep");
        assertThat(preStop).isEqualTo(7);
        assertThat(flush).isEqualTo(20);
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + shutdown + flush);
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("[0-9]+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    @Test
    void theStrimziUsersGrantEachServiceExactlyTheTopicsAndGroupsOfItsChannels() throws Exception {
        // Given: the chart's SCRAM users, and the example's KafkaUsers
        List<HasMetadata> scram = render(template -> template.set("kafka.security.protocol", "SASL_PLAINTEXT")
                .set("kafka.authentication.type", "scram-sha-512"));
        Map<String, GenericKubernetesResource> users = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve("strimzi-kafka-users.yaml"))) {
            for (HasMetadata item : client.load(in).items()) {
                assertThat(item).isInstanceOf(GenericKubernetesResource.class);
                assertThat(item.getApiVersion() + " " + item.getKind()).isEqualTo("kafka.strimzi.io/v1beta2 KafkaUser");
                users.put(item.getMetadata().getName(), (GenericKubernetesResource) item);
            }
        }
        Set<String> usedTopics = new TreeSet<>();

        for (String service : SERVICES) {
            // When
            String user = secretRef(container(scram, service), "KAFKA_SASL_JAAS_CONFIG")
                    .split("/")[0];
            Set<String> needed = kafkaAccessOf(service);
            GenericKubernetesResource kafkaUser = users.get(user);

            // Then
            assertThat(kafkaUser)
                    .as("a KafkaUser %s for %s-service", user, service)
                    .isNotNull();
            assertThat(kafkaUser.<String>get("spec", "authentication", "type")).isIn("scram-sha-512", "tls");
            assertThat(kafkaUser.<String>get("spec", "authorization", "type")).isEqualTo("simple");
            assertThat(grants(kafkaUser))
                    .as("ACLs of %s against %s-service's channels", user, service)
                    .containsExactlyInAnyOrderElementsOf(needed);
            needed.stream()
                    .filter(access -> access.startsWith("topic "))
                    .map(access -> access.split(" ")[1])
                    .forEach(usedTopics::add);
        }
        assertThat(users).hasSize(SERVICES.size());
        // Every topic of the contract is someone's, and every consumer's dead letters have a writer
        assertThat(usedTopics)
                .containsAll(topicConstants())
                .contains(
                        "apiguard.audit.dlq",
                        "apiguard.calls.dlq",
                        "apiguard.inventory.dlq",
                        "apiguard.calls.normalized.dlq",
                        "apiguard.detections.dlq",
                        "apiguard.enforcement.dlq",
                        "apiguard.network.dlq");
    }

    @Test
    void everyExampleParsesAsKubernetesObjects() throws Exception {
        // discovery-service's offline source reads k8s/examples; a file Fabric8 cannot load would be reported there
        try (var files = Files.list(EXAMPLES)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    assertThat(client.load(in).items())
                            .as(file.toString())
                            .isNotEmpty()
                            .allSatisfy(item ->
                                    assertThat(item.getMetadata().getName()).isNotBlank());
                }
            }
        }
    }

    @Test
    void thePlainManifestsAreTheChartRenderedWithTheirValues() throws Exception {
        String fresh = BANNER + renderText(UnaryOperator.identity());
        if (Boolean.getBoolean("apiguard.k8s.regenerate")) {
            Files.writeString(MANIFESTS, fresh);
        }
        assertThat(Files.readString(MANIFESTS))
                .as("k8s/manifests/apiguard.yaml is stale: run ./mvnw -B test -pl k8s -Dapiguard.k8s.regenerate=true")
                .isEqualTo(fresh);
    }

    // --- rendering

    static List<HasMetadata> render(UnaryOperator<TemplateCommand> options) {
        return load(renderText(options));
    }

    static String renderText(UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(CHART)
                        .template()
                        .withName("apiguard")
                        .withNamespace("apiguard")
                        .withValuesFile(MANIFEST_VALUES.toAbsolutePath()))
                .call();
    }

    /** A workload of the platform team's that includes the named templates, as the chart's docs say. */
    static List<HasMetadata> renderWithWorkload(Path workDir, UnaryOperator<TemplateCommand> options)
            throws IOException {
        Path chart = copyChart(workDir);
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
                      terminationGracePeriodSeconds: {{ include "apiguard.sidecarTerminationGracePeriodSeconds" (dict "root" $) }}
                """);
        return load(options.apply(new Helm(chart)
                        .template()
                        .withName("apiguard")
                        .withNamespace("apiguard")
                        .withValuesFile(MANIFEST_VALUES.toAbsolutePath()))
                .call());
    }

    static Path copyChart(Path workDir) throws IOException {
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
        return chart;
    }

    static List<HasMetadata> load(String yaml) {
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /** The pod of one service ("logging"). */
    static PodSpec pod(List<HasMetadata> objects, String service) {
        return find(objects, Deployment.class, "apiguard-" + service + "-service")
                .getSpec()
                .getTemplate()
                .getSpec();
    }

    static Container container(List<HasMetadata> objects, String service) {
        return pod(objects, service).getContainers().get(0);
    }

    static String account(List<HasMetadata> objects, String service) {
        return pod(objects, service).getServiceAccountName();
    }

    // --- what a container sees

    /** The container's plain environment: its ConfigMaps (envFrom, in order), then its own values. */
    static Map<String, String> env(List<HasMetadata> objects, Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source :
                container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                env.putAll(
                        find(objects, ConfigMap.class, source.getConfigMapRef().getName())
                                .getData());
            }
        }
        container.getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }

    /** {@code secret/key} of a variable taken from a Secret. */
    static String secretRef(Container container, String name) {
        EnvVar variable = container.getEnv().stream()
                .filter(candidate -> candidate.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
        var secret = variable.getValueFrom().getSecretKeyRef();
        return secret.getName() + "/" + secret.getKey();
    }

    static String fieldRef(Container container, String name) {
        return container.getEnv().stream()
                .filter(candidate -> candidate.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name))
                .getValueFrom()
                .getFieldRef()
                .getFieldPath();
    }

    /** The volume a file path of the container lies in, and the path inside it. */
    record Mounted(VolumeMount mount, Volume volume, String path) {}

    static Mounted mounted(PodSpec pod, Container container, String file) {
        assertThat(file).as("a file path").isNotNull();
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(candidate -> file.startsWith(candidate.getMountPath() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " is in no volume of " + container.getName()));
        return new Mounted(
                mount,
                volume(pod, mount.getName()),
                file.substring(mount.getMountPath().length() + 1));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(volume -> volume.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static VolumeProjection projectedFile(PodSpec pod, Container container, String file) {
        Mounted mounted = mounted(pod, container, file);
        assertThat(mounted.mount().getReadOnly()).isTrue();
        return mounted.volume().getProjected().getSources().stream()
                .filter(source -> source.getServiceAccountToken() != null
                        ? source.getServiceAccountToken().getPath().equals(mounted.path())
                        : source.getConfigMap() != null
                                && source.getConfigMap().getItems().stream()
                                        .anyMatch(item -> item.getPath().equals(mounted.path())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " is projected by no source"));
    }

    static ServiceAccountTokenProjection projectedToken(PodSpec pod, Container container, String file) {
        ServiceAccountTokenProjection token =
                projectedFile(pod, container, file).getServiceAccountToken();
        assertThat(token).as("%s is a projected service-account token", file).isNotNull();
        assertThat(token.getExpirationSeconds()).isEqualTo(3600L);
        return token;
    }

    // --- network policies

    private static List<Integer> ports(NetworkPolicyIngressRule rule) {
        return rule.getPorts().stream().map(port -> port.getPort().getIntVal()).toList();
    }

    private static String describe(NetworkPolicyPeer peer) {
        List<String> parts = new ArrayList<>();
        if (peer.getNamespaceSelector() != null) {
            parts.add("namespaces " + selector(peer.getNamespaceSelector().getMatchLabels()));
        }
        if (peer.getPodSelector() != null) {
            parts.add("pods " + selector(peer.getPodSelector().getMatchLabels()));
        }
        if (peer.getIpBlock() != null) {
            parts.add("ip " + peer.getIpBlock().getCidr());
        }
        return String.join(" ", parts);
    }

    private static String selector(Map<String, String> labels) {
        return labels == null ? "{}" : new java.util.TreeMap<>(labels).toString();
    }

    // --- Kafka

    private static final Pattern CHANNEL =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.(\"[^\"]+\"|[^.]+)\\.(.+)");

    /**
     * What one service needs of Kafka, as "topic|group name pattern operation", from its channels: a channel is named
     * after its topic unless it sets one; consumers read their topic in their group (the application name unless the
     * channel names one; a per-start group "x-${quarkus.uuid}" is the prefix "x-") and write their dead letters;
     * producers write.
     */
    static Set<String> kafkaAccessOf(String service) throws IOException {
        Properties app = appProperties(service);
        Map<String, Map<String, String>> incoming = new LinkedHashMap<>();
        Map<String, Map<String, String>> outgoing = new LinkedHashMap<>();
        for (String key : app.stringPropertyNames()) {
            Matcher matcher = CHANNEL.matcher(key);
            if (matcher.matches()) {
                String channel = matcher.group(2).replace("\"", "");
                (matcher.group(1).equals("incoming") ? incoming : outgoing)
                        .computeIfAbsent(channel, c -> new LinkedHashMap<>())
                        .put(matcher.group(3), app.getProperty(key));
            }
        }
        Set<String> access = new HashSet<>();
        incoming.forEach((channel, attributes) -> {
            String topic = attributes.getOrDefault("topic", channel);
            access.add("topic " + topic + " literal Read");
            String group = attributes.getOrDefault("group.id", app.getProperty("quarkus.application.name"));
            access.add(
                    group.contains("${")
                            ? "group " + group.substring(0, group.indexOf("${")) + " prefix Read"
                            : "group " + group + " literal Read");
            if ("dead-letter-queue".equals(attributes.get("failure-strategy"))) {
                access.add("topic " + attributes.getOrDefault("dead-letter-queue.topic", "dead-letter-topic-" + topic)
                        + " literal Write");
            }
        });
        outgoing.forEach((channel, attributes) ->
                access.add("topic " + attributes.getOrDefault("topic", channel) + " literal Write"));
        return access;
    }

    @SuppressWarnings("unchecked")
    static Set<String> grants(GenericKubernetesResource user) {
        List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
        Set<String> grants = new HashSet<>();
        for (Map<String, Object> acl : acls) {
            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
            for (Object operation : (List<Object>) acl.get("operations")) {
                grants.add(resource.get("type") + " " + resource.get("name") + " "
                        + resource.getOrDefault("patternType", "literal") + " " + operation);
            }
        }
        return grants;
    }

    /** The topics of the event contract ({@code io.apiguard.common.events.Topics}). */
    static Set<String> topicConstants() throws IOException {
        String source =
                Files.readString(Path.of("..", "common", "src/main/java/io/apiguard/common/events/Topics.java"));
        Set<String> topics = Pattern.compile("String \\w+ = \"([^\"]+)\"")
                .matcher(source)
                .results()
                .map(result -> result.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(topics).isNotEmpty();
        return topics;
    }

    // --- files

    static Properties appProperties(String service) throws IOException {
        return properties(Path.of("..", service + "-service", "src/main/resources/application.properties"));
    }

    static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** A fresh EC P-256 public key as the openssl commands of the README write it. */
    static Path publicKeyFile(Path dir, String keyId) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        Path file = dir.resolve(keyId + ".pem");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(String yaml) {
        return client.getKubernetesSerialization().unmarshal(yaml, Map.class);
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested && into.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) nested);
            } else {
                into.put(key, value);
            }
        });
    }

    private static String describe(PolicyRule rule) {
        return String.join(",", rule.getApiGroups()) + " " + String.join(",", rule.getResources()) + " "
                + rule.getVerbs();
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
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !(getter.getName().startsWith("get"))
                    || getter.getName().equals("getClass")) {
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
