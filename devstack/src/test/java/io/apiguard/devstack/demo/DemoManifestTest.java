package io.apiguard.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import io.apiguard.devstack.apps.LocalApps;
import io.apiguard.devstack.config.StackOptions;
import io.apiguard.devstack.security.LocalSecurity;

/**
 * The local run's cluster declares what the local run really serves: the Ingress's namespace and Service are those
 * the sidecar is bound to and reports for, its host the one the scenario calls, its paths ones the demo answers.
 */
class DemoManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theDemosIngressRoutesWhatTheDemoServesToTheSidecarsService() throws Exception {
        // Given
        Path manifest = LocalApps.demoManifest(StackOptions.parse(Map.of(), "--root", ".."));
        List<JsonNode> objects = documents(manifest);
        JsonNode ingress = ofKind(objects, "Ingress");
        JsonNode service = ofKind(objects, "Service");

        // Then: where the sidecar is
        assertThat(ingress.path("metadata").path("namespace").asText()).isEqualTo(LocalSecurity.SIDECAR.namespace());
        assertThat(service.path("metadata").path("namespace").asText()).isEqualTo(LocalSecurity.SIDECAR.namespace());
        assertThat(service.path("metadata").path("name").asText()).isEqualTo(LocalApps.DEMO_SERVICE);
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
                .isEqualTo("apiguard-proxy");
        JsonNode rules = ingress.path("spec").path("rules");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).path("host").asText()).isEqualTo(LocalApps.DEMO_HOST);
        // and what the demo serves
        JsonNode paths = rules.get(0).path("http").path("paths");
        assertThat(paths).isNotEmpty();
        try (DemoApi api = DemoApi.start(0)) {
            HttpClient http = HttpClient.newHttpClient();
            for (JsonNode path : paths) {
                assertThat(path.path("backend").path("service").path("name").asText())
                        .isEqualTo(LocalApps.DEMO_SERVICE);
                assertThat(path.path("pathType").asText()).isEqualTo("Prefix");
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                                        + path.path("path").asText() + "/1"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).as(path.path("path").asText()).isEqualTo(200);
            }
        }
    }

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(Files.readString(file))) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }

    private static JsonNode ofKind(List<JsonNode> objects, String kind) {
        return objects.stream()
                .filter(object -> kind.equals(object.path("kind").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in the demo's manifest"));
    }
}
