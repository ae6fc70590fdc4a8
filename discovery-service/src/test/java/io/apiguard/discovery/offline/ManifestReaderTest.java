package io.apiguard.discovery.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

class ManifestReaderTest {

    private static KubernetesClient client;

    @BeforeAll
    static void parserOnlyClient() {
        client = new KubernetesClientBuilder().build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void theExampleManifestsReadAsMultiDocumentFilesAndLists() {
        ManifestReader.Result result = new ManifestReader(client).read(List.of(Path.of("../k8s/examples")));

        assertThat(result.problems()).isEmpty();
        assertThat(result.ingresses())
                .extracting(ingress -> ingress.getMetadata().getNamespace() + "/"
                        + ingress.getMetadata().getName())
                .contains("payments/payments-api", "crm/customers", "crm/backoffice", "web/web", "ledger/ledger");
    }

    @Test
    void gatewayApiRoutesAndTheirGatewaysAreReadAsTheirOwnKinds(@TempDir Path dir) throws Exception {
        // Given
        Files.writeString(dir.resolve("routes.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: public, namespace: infra}
                spec:
                  gatewayClassName: envoy
                  listeners: [{name: https, protocol: HTTPS, port: 443, hostname: api.bank.example}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: accounts, namespace: payments}
                spec:
                  parentRefs: [{name: public, namespace: infra}]
                  rules: [{matches: [{path: {value: /accounts}}], backendRefs: [{name: accounts, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                spec: {}
                """);

        // When
        ManifestReader.Result result = new ManifestReader(client).read(List.of(dir));

        // Then
        assertThat(result.httpRoutes())
                .extracting(route -> route.getMetadata().getName())
                .containsExactly("accounts");
        assertThat(result.gatewayLookup().find("infra", "public")).isNotNull();
        assertThat(result.gatewayLookup().find("payments", "public")).isNull();
        assertThat(result.problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.reason()).isEqualTo("an HTTPRoute without metadata.name"));
    }

    @Test
    void aMalformedFileIsNamedWithItsReasonAndTheOthersAreStillRead(@TempDir Path dir) throws Exception {
        // Given
        Files.writeString(dir.resolve("a-good.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: good, namespace: ok}
                spec:
                  rules: [{host: ok.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 1}}}}]}}]
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: not-an-ingress}
                """);
        Files.writeString(
                dir.resolve("b-broken.yaml"),
                "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: [unclosed\n");
        Files.writeString(dir.resolve("c-nameless.yml"), "apiVersion: networking.k8s.io/v1\nkind: Ingress\nspec: {}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        // When
        ManifestReader.Result result = new ManifestReader(client).read(List.of(dir, dir.resolve("missing.yaml")));

        // Then
        assertThat(result.ingresses())
                .extracting(Ingress::getMetadata)
                .extracting(meta -> meta.getName())
                .containsExactly("good");
        assertThat(result.files())
                .extracting(Path::getFileName)
                .extracting(Path::toString)
                .containsExactly("a-good.yaml", "b-broken.yaml", "c-nameless.yml");
        assertThat(result.problems())
                .extracting(problem -> problem.file().getFileName().toString())
                .containsExactlyInAnyOrder("b-broken.yaml", "c-nameless.yml", "missing.yaml");
        assertThat(result.problems())
                .allSatisfy(problem -> assertThat(problem.reason()).isNotBlank());
        assertThat(result.problems())
                .filteredOn(problem -> problem.file().endsWith("missing.yaml"))
                .singleElement()
                .extracting(ManifestReader.Problem::reason)
                .isEqualTo("no such file or folder");
    }
}
